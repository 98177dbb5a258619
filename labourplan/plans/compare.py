"""What changed between two versions of a plan, matched by the rows' stable keys."""

from dataclasses import dataclass

from labourplan.plans.table import load_table


@dataclass
class RowChange:
    kind: str  # "added", "removed", "changed"
    title: str
    old_total: int | None
    new_total: int | None
    fields: list[str]


def compare_versions(old, new) -> list[RowChange]:
    def rows(version):
        result = {}
        for row in load_table(version).activities():
            for r in [row, *row.sub_items]:
                result[r.item.key] = r.item
        return result

    before, after = rows(old), rows(new)
    changes = []
    for key, item in after.items():
        if key not in before:
            changes.append(RowChange("added", item.title, None, item.total, []))
            continue
        was = before[key]
        fields = [
            name
            for name, a, b in [
                ("title", was.title, item.title),
                ("unit", was.unit, item.unit),
                ("targets", was.targets, item.targets),
                ("agencies", sorted(x.pk for x in was.agencies.all()), sorted(x.pk for x in item.agencies.all())),
            ]
            if a != b
        ]
        if fields:
            changes.append(RowChange("changed", item.title, was.total, item.total, fields))
    for key, item in before.items():
        if key not in after:
            changes.append(RowChange("removed", item.title, item.total, None, []))
    return changes
