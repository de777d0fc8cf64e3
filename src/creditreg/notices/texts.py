"""The bilingual texts of notices (zh-CN and en), kept apart from the rulebook's texts.

Every notice carries both languages, so a surface (or an e-mail) shows the one its reader
reads without asking the registry again. Values are filled with ``str.format``; the
rulebook's own labels are quoted in the notice's language, bases as they stand.
"""

from __future__ import annotations

from collections.abc import Mapping

from creditreg.rulebook.texts import Text, both, text

LANGUAGES = ("zh-CN", "en")

HAPPENED: dict[str, dict[str, str]] = {
    "record.added": {
        "zh-CN": "{authority}于{on}对您作出决定（{decision_ref}），记入信用记录：{label}。",
        "en": "On {on}, {authority} recorded a decision against you ({decision_ref}): {label}.",
    },
    "record.revoked": {
        "zh-CN": "记录{record_id}已于{on}撤销，其全部措施随之解除。",
        "en": "Record {record_id} was revoked on {on}; every measure it caused is lifted.",
    },
    "record.fulfilled": {
        "zh-CN": "记录{record_id}所载义务已于{on}履行完毕。",
        "en": "The obligation of record {record_id} was performed on {on}.",
    },
    "objection.filed": {
        "zh-CN": "您对记录{record_id}的异议已于{on}受理，答复期限至{answer_by}。",
        "en": "Your objection to record {record_id} was received on {on}; "
        "it must be answered by {answer_by}.",
    },
    "objection.decided.upheld": {
        "zh-CN": "您对记录{record_id}的异议已于{on}成立，该记录不再产生效力。",
        "en": "Your objection to record {record_id} was upheld on {on}; "
        "the record has no effect any more.",
    },
    "objection.decided.rejected": {
        "zh-CN": "您对记录{record_id}的异议已于{on}被驳回。",
        "en": "Your objection to record {record_id} was rejected on {on}.",
    },
    "reconsideration.filed": {
        "zh-CN": "您对记录{record_id}的复议申请已于{on}受理，决定期限至{answer_by}。",
        "en": "Your application for reconsideration of record {record_id} was received on {on}; "
        "it must be decided by {answer_by}.",
    },
    "reconsideration.decided.upheld": {
        "zh-CN": "复议机关已于{on}撤销对记录{record_id}的原决定，该记录不再产生效力。",
        "en": "On reconsideration, record {record_id} was set aside on {on}; "
        "it has no effect any more.",
    },
    "reconsideration.decided.rejected": {
        "zh-CN": "您对记录{record_id}的复议申请已于{on}被驳回。",
        "en": "Your application for reconsideration of record {record_id} was rejected on {on}.",
    },
    "record.repaired": {
        "zh-CN": "记录{record_id}已于{on}完成信用修复，停止公示。",
        "en": "Record {record_id} was repaired on {on}; it is no longer published.",
    },
    "repair.applied": {
        "zh-CN": "您对记录{record_id}的信用修复申请已于{on}受理，决定期限至{answer_by}。",
        "en": "Your application to repair record {record_id} was received on {on}; "
        "it must be decided by {answer_by}.",
    },
    "repair.decided.granted": {
        "zh-CN": "您对记录{record_id}的信用修复申请已于{on}获准。",
        "en": "Your application to repair record {record_id} was granted on {on}.",
    },
    "repair.decided.refused": {
        "zh-CN": "您对记录{record_id}的信用修复申请已于{on}被拒绝。",
        "en": "Your application to repair record {record_id} was refused on {on}.",
    },
    "record.extended": {
        "zh-CN": "记录{record_id}的期限已于{on}延长{years}年。",
        "en": "The term of record {record_id} was extended by {years} year(s) on {on}.",
    },
    "deadline.reconsider": {
        "zh-CN": "您对记录{record_id}申请复议的期限将于{until}届满。",
        "en": "Your time to apply for reconsideration of record {record_id} ends on {until}.",
    },
}

WHY = {"zh-CN": "依据：{basis}。", "en": "Basis: {basis}."}
RESTRICTS = {"zh-CN": "受限事项：{services}。", "en": "Restricted: {services}."}
LISTED = {"zh-CN": "列入名单：{lists}。", "en": "Listed on: {lists}."}
UNTIL = {"zh-CN": "期限至{until}（含当日）。", "en": "Until {until} (inclusive)."}
UNTIL_PERFORMED = {"zh-CN": "直至履行义务。", "en": "Until the obligation is performed."}
FROM = {"zh-CN": "自{start}起生效。", "en": "In force from {start}."}

ACTION = {
    "object": {"zh-CN": "可向{authority}提出异议", "en": "You may object to {authority}"},
    "pay": {"zh-CN": "履行义务后限制解除", "en": "Performing the obligation lifts it"},
    "repair": {"zh-CN": "可申请信用修复", "en": "You may apply for credit repair"},
    "reconsider": {
        "zh-CN": "可向{authority}申请复议",
        "en": "You may apply to {authority} for reconsideration",
    },
}
BY = {"zh-CN": "（截至{until}）", "en": " (by {until})"}
AFTER = {"zh-CN": "（自{since}起）", "en": " (from {since})"}
JOIN = {"zh-CN": "；", "en": "; "}
ENUMERATION = {"zh-CN": "、", "en": ", "}


def labels(entries: list[Text]) -> Text:
    """Several labels (services, lists) as one text, enumerated as each language does."""
    return both(
        ENUMERATION["zh-CN"].join(e.zh for e in entries),
        ENUMERATION["en"].join(e.en for e in entries),
    )


SEPARATOR = {"zh-CN": "", "en": " "}


def render(parts: list[dict[str, str]], values: dict[str, object]) -> dict[str, str]:
    """Both languages of a notice: each part filled with ``values`` and joined; a rulebook
    text among the values (a record type's label) is quoted in the notice's language."""
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        filled = {k: text(v, lang) if isinstance(v, Text) else v for k, v in values.items()}
        out[lang] = SEPARATOR[lang].join(part[lang].format(**filled) for part in parts)
    return out


def actions_text(actions: list[dict[str, str | None]], who: Mapping[str, Text]) -> dict[str, str]:
    """What the subject can do, in both languages (empty when nothing); ``who`` names the
    body that decides each action (by the action's name) as the roster or the rulebook
    words it, never by its code."""
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        items = []
        for action in actions:
            kind = str(action["action"])
            text = ACTION[kind][lang].format(authority=who[kind].get(lang))
            if action.get("until"):
                text += BY[lang].format(until=action["until"])
            if action.get("from"):
                text += AFTER[lang].format(since=action["from"])
            items.append(text)
        out[lang] = JOIN[lang].join(items) + ("。" if lang == "zh-CN" else ".") if items else ""
    return out
