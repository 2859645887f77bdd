"""Facts of the report's domain that the model, the case template and the case index share.

Kept beside the model so that every stage reads them from one place: the reader of cases
and the organisation register type ``organisation_kind`` with :data:`OrganisationKind`, the
case template offers :data:`ORGANISATION_KINDS` and lists :data:`SDG_NAMES`, ingestion reads
SDG names back, and the case index groups by both.
"""

from __future__ import annotations

from typing import Literal, get_args

OrganisationKind = Literal["部委", "地方", "协会", "企业", "其他"]
ORGANISATION_KINDS: tuple[OrganisationKind, ...] = get_args(OrganisationKind)
"""The kinds of submitting organisation, in the order the template and the index list them."""

SDG_NAMES = {
    1: "无贫穷",
    2: "零饥饿",
    3: "良好健康与福祉",
    4: "优质教育",
    5: "性别平等",
    6: "清洁饮水和卫生设施",
    7: "经济适用的清洁能源",
    8: "体面工作和经济增长",
    9: "产业、创新和基础设施",
    10: "减少不平等",
    11: "可持续城市和社区",
    12: "负责任消费和生产",
    13: "气候行动",
    14: "水下生物",
    15: "陆地生物",
    16: "和平、正义与强大机构",
    17: "促进目标实现的伙伴关系",
}
"""The UN Sustainable Development Goals by number, as the report names them in Chinese."""
