"""A tile-grid map of the provinces: one equal square per province at its approximate place.

No geographic data can be shipped, and a tile map gives every province the same visible size
(a choropleth would let the big north-eastern provinces dominate). Positions are (row, column)
on an 18 × 10 grid, north at the top, drawn by hand from the provinces' locations.
"""

from dataclasses import dataclass

ROWS, COLUMNS = 18, 10

POSITIONS = {
    # north
    "57": (0, 3), "58": (1, 1), "50": (1, 2), "56": (1, 3), "55": (1, 4),
    "51": (2, 2), "52": (2, 3), "54": (2, 4),
    # north-east
    "43": (2, 6), "38": (2, 7), "42": (3, 5), "41": (3, 6), "47": (3, 7), "48": (3, 8),
    "39": (4, 5), "40": (4, 6), "46": (4, 7), "49": (4, 8),
    "36": (5, 5), "44": (5, 6), "45": (5, 7), "35": (5, 8), "37": (5, 9),
    "30": (6, 5), "31": (6, 6), "32": (6, 7), "33": (6, 8), "34": (6, 9),
    # central and west
    "63": (3, 1), "64": (3, 2), "53": (3, 3), "65": (3, 4),
    "62": (4, 2), "66": (4, 3), "67": (4, 4),
    "61": (5, 2), "60": (5, 3),
    "71": (6, 1), "18": (6, 2), "17": (6, 3), "16": (6, 4),
    "72": (7, 2), "15": (7, 3), "19": (7, 4), "26": (7, 5), "25": (7, 6), "27": (7, 7),
    "70": (8, 1), "73": (8, 2), "14": (8, 3), "13": (8, 4), "24": (8, 5),
    "75": (9, 1), "74": (9, 2), "12": (9, 3), "10": (9, 4), "20": (9, 5), "22": (9, 6),
    "76": (10, 1), "11": (10, 4), "21": (10, 5), "23": (10, 6),
    "77": (11, 1),
    # south
    "86": (12, 1), "85": (13, 0), "84": (13, 1), "82": (14, 0), "81": (14, 1), "80": (14, 2),
    "83": (15, 0), "92": (15, 1), "93": (15, 2), "91": (16, 1), "90": (16, 2), "94": (16, 3),
    "95": (17, 3), "96": (17, 4),
}  # fmt: skip


@dataclass
class Tile:
    line: object  # national.ProvinceLine
    row: int
    column: int

    @property
    def grid_area(self) -> str:
        """CSS grid placement (1-based lines)."""
        return f"{self.row + 1} / {self.column + 1}"


def tile_map(lines) -> list[Tile]:
    """The provinces' lines placed on the grid; a province without a position is left out."""
    return [Tile(line, *POSITIONS[line.province.code]) for line in lines if line.province.code in POSITIONS]
