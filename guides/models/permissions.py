"""Who may delete and move pages: Site administrators and superusers (docs/roles.md).

Wagtail lets anyone with "change" and "publish" on a page delete it and move it. Its admin asks a page's
permission tester (`page.permissions_for_user(user)`) before each of these: the delete and move views,
the bulk actions, the admin API's actions, the "Delete" and "Move" buttons of page listings and page
headers, and the move-destination chooser. Help-center pages answer with the tester below, which adds
the permission `guides.delete_and_move_pages` (declared on HelpIndexPage) to Wagtail's own checks.
Wagtail casts a generic `Page` to its specific class before asking, so listings of `Page` rows get it
too.
"""

from __future__ import annotations

from wagtail.models import PagePermissionTester

DELETE_AND_MOVE_PAGES = "guides.delete_and_move_pages"


class HelpCenterPagePermissionTester(PagePermissionTester):
    """Wagtail's tester, with deleting and moving kept for those who hold `guides.delete_and_move_pages`
    (every active superuser does). Wagtail's rules still apply on top: pages with children need "Delete
    pages with children", a destination needs "add" and "publish"."""

    def may_delete_and_move(self) -> bool:
        return self.user.is_active and self.user.has_perm(DELETE_AND_MOVE_PAGES)

    def can_delete(self, ignore_bulk=False):
        return self.may_delete_and_move() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_move(self):
        return self.may_delete_and_move() and super().can_move()

    def can_move_to(self, destination):
        if self.page.is_child_of(destination):
            # "Sort menu order" runs as a move to the page's own parent: the page keeps its parent and its
            # address, so Wagtail's rule for it stands (Editors may sort). The move screens and the admin
            # API's "move" ask can_move() first (guides/wagtail_hooks.py).
            return PagePermissionTester(self.user, self.page).can_move_to(destination)
        return self.may_delete_and_move() and super().can_move_to(destination)


class HelpCenterPagePermissions:
    """Gives a page type the help center's permission tester."""

    def permissions_for_user(self, user):
        return HelpCenterPagePermissionTester(user, self)
