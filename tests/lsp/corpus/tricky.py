import os


class Registry(dict):
	def register(self, name, *handlers, replace=False, **meta):
		if name in self and not replace:
			raise KeyError(name)
		self[name] = handlers

	@property
	def size(self) -> int:
		return len(self)


def outer(paths: list[str], sep: str = ", ") -> str:
    def inner(p):
        return os.path.basename(p)

    return sep.join(inner(p) for p in paths)


def one_liner(x): return x * 2


async def stream(n: int):
    for i in range(n):
        yield i


def café(naïve="é😀"):
    """Déjà vu."""
    return naïve
