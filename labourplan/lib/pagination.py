"""The API's pagination: DRF's ?limit= and ?offset=, with bounds the schema declares."""

from rest_framework.pagination import LimitOffsetPagination

from labourplan.lib.digits import DB_INTEGER_MAX


class Pagination(LimitOffsetPagination):
    """?limit= and ?offset=, bounded (a huge offset would overflow the database's OFFSET)."""

    max_limit = 1000

    def get_offset(self, request):
        return min(super().get_offset(request), DB_INTEGER_MAX)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.limit_query_param: (1, self.max_limit), self.offset_query_param: (0, DB_INTEGER_MAX)}
        for parameter in parameters:
            if parameter["name"] in bounds:
                low, high = bounds[parameter["name"]]
                parameter["schema"] = {**parameter["schema"], "minimum": low, "maximum": high}
        return parameters
