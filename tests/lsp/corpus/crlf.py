def add(a, b):
    return a + b


class Point:
    x: int = 0
    y: int = 0
