"""Hostile corpus, class: silent (see __init__.py).

Each case was accepted without a word before: characters that make two names look the same or
a line read differently from what it holds, rules that never happen or cancel a day they do
not have, and dates no campaign can have.  Each must now be one message that says what to fix.
"""

from gate_corpus import *  # noqa: F401,F403

RULE = "      rrule: FREQ=WEEKLY;BYDAY=SA"
ZWSP = ("含有看不见的字符 U+200B（零宽空格），常见于从网页、Word 或聊天软件复制的文字：名称、标题等一行的文字中"
        "不能有这类字符（否则两个看起来相同的名称会被当作不同），请删除后重新输入这段文字。")


def bidi(char: str) -> str:
    return (f"含有不可见的文字方向控制字符 U+{ord(char):04X}（它让文字显示的顺序与实际内容不同，常见于从网页或聊天软件"
            "复制的文字）：请删除该字符（可在编辑器中打开“显示不可见字符”）后保存。")


@refused("silent-station-name-with-right-to-left-override", "silent", STATION, bidi("\u202e"))
def _(p):
    return replace_line(p, STATION, "name: 中心学雷锋广场", "name: 中心学雷锋\u202e场广")


@refused("silent-trojan-source-comment", "silent", CAMPAIGN, bidi("\u2067"))
def _(p):
    # An isolate in a comment can make the next key look commented out in an editor or a diff.
    return insert_after(p, CAMPAIGN, "slogan:", "# 备注\u2067 \u2066end: 2019-12-31\u2069\u2069")


@refused("silent-second-station-that-looks-the-same", "silent", "content/stations/square-2.yaml", f"name: {ZWSP}")
def _(p):
    write(p, "content/stations/square-2.yaml", text_of(p, STATION).replace("中心学雷锋广场", "中心学雷锋\u200b广场"))
    return 1


@refused("silent-unit-alias-with-zero-width-joiner", "silent", REGION,
         "units[1].aliases[0]: " + ZWSP.replace("U+200B（零宽空格）", "U+200D（零宽连接符）"))
def _(p):
    return insert_after(p, REGION, "name: 团市委", "    aliases:\n      - 团市委\u200d") + 1


@refused("silent-activity-title-with-word-joiner", "silent", CAMPAIGN,
         "activities[1].title: " + ZWSP.replace("U+200B（零宽空格）", "U+2060（字连接符）"))
def _(p):
    return replace_line(p, CAMPAIGN, "title: 3·5 大型志愿服务活动", "    title: 3·5 大型\u2060志愿服务活动")


@refused("silent-rule-that-never-happens", "silent", CAMPAIGN,
         "activities[0].when.rrule: 重复规则“FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30”在 2019-03-02 至 2019-04-30 之间"
         "一次也不会发生（规则中的日期不存在或互相矛盾，如 2 月没有 30 日）：请核对 FREQ、BYMONTH、BYMONTHDAY、BYDAY "
         "以及 start、until、exdates。")
def _(p):
    return replace_line(p, CAMPAIGN, RULE, "      rrule: FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")


@refused("silent-exdates-remove-every-day", "silent", CAMPAIGN,
         "deadlines[0].when.rrule: 重复规则“FREQ=MONTHLY;BYMONTHDAY=23”在 2019-03-23 至 2019-04-30 之间一次也不会发生"
         "（exdates 排除了它的全部日期）：请核对 FREQ、BYMONTH、BYMONTHDAY、BYDAY 以及 start、until、exdates。")
def _(p):
    return replace_line(p, CAMPAIGN, "FREQ=MONTHLY;BYMONTHDAY=23",
                        '    when: {rrule: "FREQ=MONTHLY;BYMONTHDAY=23", start: 2019-03-23, '
                        "exdates: [2019-03-23, 2019-04-23]}")


@refused("silent-exdate-that-is-not-a-day-of-the-rule", "silent", CAMPAIGN,
         "activities[0].when.exdates[0]: 2019-04-05 不是重复规则“FREQ=WEEKLY;BYDAY=SA”在 2019-03-02 至 2019-04-30 "
         "之间的日期，排除它没有作用：请核对要取消的是哪一天。")
def _(p):
    return replace_line(p, CAMPAIGN, "exdates: [2019-04-06]", "      exdates: [2019-04-05]")


@refused("silent-news-dated-year-1", "silent", f"{NEWS}/year-one.md",
         "date: 日期 0001-01-01 不在 1963-01-01 至 2100-12-31 之间（学雷锋活动始于 1963 年）：请检查年份是否写错。")
def _(p):
    story(p, f"{NEWS}/year-one.md", "title: 置顶的新闻\ndate: 0001-01-01\ncampaign: demo-2019")
    return 3


@refused("silent-rule-until-9999", "silent", CAMPAIGN,
         "activities[0].when.rrule: 重复规则“FREQ=WEEKLY;BYDAY=SA;UNTIL=99991231”的 UNTIL 应为 19630101 至 21001231 "
         "之间存在的日期，写成 YYYYMMDD（如 UNTIL=20181231）；也可以改用 until 字段。")
def _(p):
    return replace_line(p, CAMPAIGN, RULE, "      rrule: FREQ=WEEKLY;BYDAY=SA;UNTIL=99991231")


@refused("silent-exemplar-year-1900", "silent", EXEMPLAR, "year: 应不小于 1963。")
def _(p):
    return replace_line(p, EXEMPLAR, "year: 2019", "year: 1900")


# audience (issue 14): a word the portal does not know must not leave a work task on citizens'
# calendars, nor hide an activity from them; a misspelt key must not be taken for the default.
AUDIENCE = ("不是可用的对象：写 public（市民可以参加的活动，列入日历和订阅）或 internal（给各单位的工作任务，"
            "如报送、制度建设、考评，只在方案页列出）。")


@refused("silent-activity-audience-capitalised", "silent", CAMPAIGN, f"activities[2].audience: “Internal”{AUDIENCE}")
def _(p):
    return insert_after(p, CAMPAIGN, "title: 文明祭祀志愿服务", "    audience: Internal")


@refused("silent-section-audience-in-chinese", "silent", CAMPAIGN, f"sections[0].audience: “内部”{AUDIENCE}")
def _(p):
    return insert_after(p, CAMPAIGN, "category: standing", "    audience: 内部")


@refused("silent-category-audience-misspelt-key", "silent", SITE,
         "categories[1].audiance: 未知字段“audiance”（可能是拼写错误），请对照 README 中的字段说明。")
def _(p):
    return insert_after(p, SITE, "name: 月度主题活动", "    audiance: internal")
