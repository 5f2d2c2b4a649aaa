"""A paginator that counts only when it must."""

from django.core.paginator import Paginator


class CountingWhenNeededPaginator(Paginator):
    """Django's Paginator, but the first page of a list that fits on it costs one query,
    not two: page 1 is read with one row more than a page holds, and when that extra row
    is not there the rows read are the whole list, so no COUNT is run. A longer list, or
    any later page, is counted as usual (page 1 then still takes two queries, as before).
    Most customers' lists fit on one page, and page 1 is where everyone lands."""

    def get_page(self, number):
        if number in (None, "", 1, "1"):
            rows = list(self.object_list[: self.per_page + 1])
            if len(rows) <= self.per_page:
                self.__dict__["count"] = len(rows)  # the cached_property, without a query
            return self._get_page(rows[: self.per_page], 1, self)
        return super().get_page(number)
