from django.apps import AppConfig


class GrowthConfig(AppConfig):
    name = "evenly.growth"
    label = "growth"

    def ready(self) -> None:
        from evenly.deals.signals import deal_solve_done, deal_status_changed
        from evenly.growth.notices import catch_up_notice, follow_deals, take_solved_deal
        from evenly.growth.services import growth_member_left
        from evenly.households.hooks import on_member_leave
        from evenly.pages import notice_provider

        on_member_leave(growth_member_left)
        notice_provider(catch_up_notice)
        deal_status_changed.connect(follow_deals, dispatch_uid="growth.follow_deals")
        deal_solve_done.connect(take_solved_deal, dispatch_uid="growth.take_solved_deal")
