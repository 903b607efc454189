"""Overloaded functions, continuation lines and docstrings CPython accepts (issue 16)."""
from typing import overload


@overload
def scale(x: int) -> int: ...
@overload
def scale(x: float) -> float: ...
def scale(x):
    return x * 2


class Shape:
    ("Parenthesised docstring.")

    @overload
    def area(self, unit: str) -> float: ...
    @overload
    def area(self) -> float: ...
    def area(self, unit=None):
        return 1.0

    def __call__(self, factor):
        return self

    def resize(self, width, \
               height):
        return width * height


def joined():
    "Implicitly " "concatenated."
    return 1
