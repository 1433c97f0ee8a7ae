"""The words a manager reads in a report file: column headings, sheet names,
the floor's vocabulary (stages, statuses, channels, metrics), in English and
Simplified Chinese. The API keeps its snake_case keys; only files are labelled.

A file is written once, by the worker, in the language of the person who asked
for it: the one the request names (`language`), else their browser's
`Accept-Language` (both read when the run is requested, kept in its
parameters), else English.
"""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    EN = "en"
    ZH = "zh"


# key -> (English, Simplified Chinese). Keys are the API's column keys, the
# vocabulary's values and a few words of the files' own.
LABELS: dict[str, tuple[str, str]] = {
    # columns of exports
    "archive_no": ("Archive no.", "档案号"),
    "name": ("Customer", "客户姓名"),
    "phone": ("Phone", "手机号"),
    "wechat": ("WeChat", "微信"),
    "gender": ("Gender", "性别"),
    "city": ("City", "城市"),
    "store": ("Store", "门店"),
    "store_name": ("Store name", "门店名称"),
    "owner": ("Consultant", "销售顾问"),
    "created_at": ("Created", "创建时间"),
    "lead_id": ("Lead no.", "线索编号"),
    "source": ("Source", "来源"),
    "model": ("Model", "意向车型"),
    "grade": ("Grade", "级别"),
    "status": ("Status", "状态"),
    "stage": ("Stage", "阶段"),
    "due_at": ("Next follow-up", "下次跟进"),
    # columns of reports
    "person": ("Consultant", "销售顾问"),
    "target": ("Target", "目标项"),
    "goal": ("Goal", "目标"),
    "actual": ("Actual", "实际"),
    "percent": ("Achieved", "达成率"),
    "reached": ("Leads reached", "到达线索数"),
    "conversion_percent": ("Conversion", "转化率"),
    "worst": ("Weakest step", "最弱环节"),
    "metric": ("Measure", "指标"),
    "current": ("This period", "本期"),
    "previous": ("Period before", "上期"),
    "last_year": ("Same period last year", "去年同期"),
    "change_previous": ("Change vs period before", "环比"),
    "change_last_year": ("Change vs last year", "同比"),
    "customer": ("Customer", "客户"),
    "rank": ("rank", "排名"),
    "median": ("group median", "集团中位数"),
    "total": ("Total", "合计"),
    "unassigned": ("Unassigned", "未分配"),
    "the_store": ("Store (all)", "全店"),
    "yes": ("Yes", "是"),
    "weakest": ("Weakest", "最弱"),
    # the lost-reason sheet: lost requests approved (lost) or refused (returned)
    "dimension": ("Grouped by", "统计维度"),
    "group": ("Group", "类别"),
    "refused": ("Returned to follow-up", "驳回继续跟进"),
    "lost_percent": ("Share of lost", "战败占比"),
    "refused_percent": ("Share of returned", "驳回占比"),
    "reason": ("Lost reason", "战败原因"),
    "competitor_brand": ("Competitor brand", "竞品品牌"),
    "not_recorded": ("Not recorded", "未记录"),
    # lost reasons
    "bought_competitor": ("Bought a competitor's car", "购买竞品"),
    "bought_elsewhere": ("Bought elsewhere (same brand)", "他店购买同品牌"),
    "price": ("Price", "价格因素"),
    "no_longer_interested": ("No longer interested", "暂无购车意向"),
    "unreachable": ("Unreachable", "无法联系"),
    "financing_declined": ("Financing declined", "贷款未通过"),
    # metrics
    "new_leads": ("New leads", "新增线索"),
    "contacts": ("Contacts", "接触数"),
    "prospecting": ("Prospecting", "市场开发"),
    "showroom_visits": ("Showroom visits", "到店数"),
    "revisits": ("Revisits", "再次到店"),
    "test_drives": ("Test drives", "试驾"),
    "orders": ("Orders", "订单"),
    "deliveries": ("Deliveries", "交车"),
    "cancellations": ("Cancellations", "退订"),
    "lost": ("Lost", "战败"),
    "on_time_follow_ups": ("On-time follow-ups", "按时跟进"),
    "sold": ("Sold", "成交"),
    # funnel stages
    "first_contact": ("First contact", "首次接触"),
    "needs_analysis": ("Needs analysis", "需求分析"),
    "vehicle_presentation": ("Vehicle presentation", "车辆展示"),
    "test_drive": ("Test drive", "试乘试驾"),
    "negotiation": ("Negotiation", "议价"),
    "contract": ("Contract", "签约"),
    "delivery": ("Delivery", "交车"),
    # lead statuses
    "open": ("Open", "跟进中"),
    "lost_pending": ("Lost (pending approval)", "战败待审"),
    "ordered": ("Ordered", "已订车"),
    "delivered": ("Delivered", "已交车"),
    "cancelled": ("Cancelled", "已退订"),
    "returned": ("Returned to OEM", "已退回厂家"),
    # source channels
    "walk_in": ("Walk-in", "展厅到店"),
    "phone_in": ("Phone-in", "来电"),
    "website": ("Website", "网站"),
    "auto_show": ("Auto show", "车展"),
    "referral": ("Referral", "转介绍"),
    "third_party": ("Third-party platform", "第三方平台"),
    "partner_referral": ("Partner referral", "助销"),
    "oem": ("OEM", "厂家下发"),
    # genders
    "male": ("Male", "男"),
    "female": ("Female", "女"),
    "other": ("Other", "其他"),
    # titles and sheet names
    "daily_report": ("Daily report", "日报"),
    "target_achievement": ("Targets vs actuals", "目标达成"),
    "funnel": ("Sales funnel", "销售漏斗"),
    "period_comparison": ("Current vs history", "同比环比"),
    "store_comparison": ("Store comparison", "门店对比"),
    "h_list": ("Weekly H-list", "H级客户周清单"),
    "weekly_pack": ("Weekly pack", "周报合集"),
    "lost_reasons": ("Lost reasons", "战败原因分析"),
    "lost_by_reason": ("Lost and returned by reason", "各战败原因的战败与驳回"),
    "customer_export": ("Customers", "客户导出"),
    "lead_export": ("Leads", "线索导出"),
    "chart": ("Chart", "图表"),
    "ready": ("ready to download", "已生成，可下载"),
    # the heading
    "period": ("Period", "期间"),
    "stores": ("Store(s)", "门店"),
    "generated": ("Generated", "生成时间"),
    "local_times": ("times are the store's local time", "时间均为门店当地时间"),
    "all_stores": ("all stores you may see", "您可查看的全部门店"),
    "rows_cut": ("only the first {n} rows are in this file", "本文件仅含前 {n} 行"),
}


def label(key: str | None, language: Language) -> str:
    """The key's label, or the key itself when it has none (a store code, a name)."""
    if key is None:
        return ""
    pair = LABELS.get(key)
    return key if pair is None else pair[language is Language.ZH]


def pick_language(preferred: str | None, accept_language: str | None = None) -> Language:
    """The language asked for if we write it, else the first language of an
    `Accept-Language` header we write (zh, zh-CN, zh-Hans...: Chinese), else English."""
    for tag in [preferred or "", *_accepted(accept_language or "")]:
        primary = tag.strip().lower().split("-")[0].split("_")[0]
        if primary in {lang.value for lang in Language}:
            return Language(primary)
    return Language.EN


def _accepted(header: str) -> list[str]:
    """The header's languages, most wanted first (`q` weights honoured)."""
    weighted = []
    for n, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if tag and q > 0:
            weighted.append((-q, n, tag))
    return [tag for _, _, tag in sorted(weighted)]
