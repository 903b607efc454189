"""A small inventory service used to demonstrate axl-docs."""

from dataclasses import dataclass, field
from typing import Iterator, Optional


@dataclass
class Item:
    sku: str
    name: str
    quantity: int = 0
    tags: list[str] = field(default_factory=list)


class Inventory:
    def __init__(self, items: Optional[dict[str, Item]] = None):
        self._items = items or {}

    def get_item(self, sku: str) -> Item:
        if sku not in self._items:
            raise KeyError(sku)
        return self._items[sku]

    def add_item(self, item: Item, *, replace: bool = False) -> None:
        if item.sku in self._items and not replace:
            raise ValueError(f"duplicate sku {item.sku}")
        self._items[item.sku] = item

    def is_empty(self) -> bool:
        return not self._items

    def iter_low_stock(self, threshold: int = 5) -> Iterator[Item]:
        for item in self._items.values():
            if item.quantity < threshold:
                yield item

    @property
    def total_quantity(self) -> int:
        return sum(item.quantity for item in self._items.values())


def load_inventory(path: str, encoding: str = "utf-8") -> Inventory:
    inventory = Inventory()
    with open(path, encoding=encoding) as fh:
        for line in fh:
            sku, name, quantity = line.rstrip("\n").split(",")
            inventory.add_item(Item(sku, name, int(quantity)))
    return inventory


def to_csv(inventory: Inventory) -> str: return "\n".join(f"{i.sku},{i.name},{i.quantity}" for i in inventory._items.values())
