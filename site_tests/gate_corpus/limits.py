"""Hostile corpus, class: limits (see __init__.py).

Each case is work that grew without bound before: a rule that expands to millions of events,
a period of centuries, thousands of activities, names longer than a file system allows, and
Markdown nested deep enough to crash the renderer.  Each must end as one message, quickly.
"""

from gate_corpus import *  # noqa: F401,F403

RULE = "      rrule: FREQ=WEEKLY;BYDAY=SA"
DEPTH = ("正文: Markdown 嵌套超过 16 层（列表或引用“>”层层套叠，或缩进过深）：网页无法正常显示，"
         "请减少缩进和“>”的层数，正文一般不超过 3 层。")


@refused("limits-rrule-byhour", "limits", CAMPAIGN,
         "activities[0].when.rrule: 重复规则“FREQ=DAILY;BYHOUR=1,2”不能含 BYHOUR：重复规则只写哪几天重复，"
         "一天中的时间请写在 time 中（如 time: 09:00-11:30）。")
def _(p):
    return replace_line(p, CAMPAIGN, RULE, "      rrule: FREQ=DAILY;BYHOUR=1,2")


@refused("limits-rrule-bysecond-lowercase", "limits", CAMPAIGN,
         "activities[0].when.rrule: 重复规则“freq=daily;byminute=0;bysecond=0,1”不能含 BYMINUTE、BYSECOND："
         "重复规则只写哪几天重复，一天中的时间请写在 time 中（如 time: 09:00-11:30）。")
def _(p):
    return replace_line(p, CAMPAIGN, RULE, "      rrule: freq=daily;byminute=0;bysecond=0,1")


@refused("limits-rrule-too-many-days", "limits", CAMPAIGN,
         "activities[0].when.rrule: 重复规则“FREQ=DAILY”在 2019-03-02 至 2022-12-31 之间超过 1000 次："
         "请用 start、until 缩短时间段，或改用更疏的频率（如 FREQ=WEEKLY）；天天都做的常态化工作不必写 when，"
         "即贯穿方案全程。")
def _(p):
    replace_line(p, CAMPAIGN, "  end: 2019-04-30", "  end: 2022-12-31")
    return replace_line(p, CAMPAIGN, RULE, "      rrule: FREQ=DAILY")


@refused("limits-rrule-span-of-a-century", "limits", CAMPAIGN,
         "deadlines[0].when.rrule: 重复规则的时间段 1963-03-23 至 2100-12-31 超过 60 个月（方案最长的周期）："
         "请用 start、until 把它限定在方案周期前后。")
def _(p):
    return replace_line(p, CAMPAIGN, "FREQ=MONTHLY;BYMONTHDAY=23",
                        '    when: {rrule: "FREQ=MONTHLY;BYMONTHDAY=23", start: 1963-03-23, until: 2100-12-31}')


@refused("limits-period-of-twelve-years", "limits", CAMPAIGN,
         "period: 方案周期 2019-03-01 至 2030-12-31 跨 142 个月，超过上限 60 个月（5 年）：每个月都有月历、"
         "海报等页面。请核对年份是否写错；多年的规划请按年度分成几个方案文件。")
def _(p):
    replace_line(p, CAMPAIGN, "  end: 2019-04-30", "  end: 2030-12-31")
    return line_of(p, CAMPAIGN, "period:")


@refused("limits-period-ends-in-9999", "limits", CAMPAIGN,
         "period.end: 日期 9999-12-31 不在 1963-01-01 至 2100-12-31 之间（学雷锋活动始于 1963 年）：请检查年份是否写错。")
def _(p):
    return replace_line(p, CAMPAIGN, "  end: 2019-04-30", "  end: 9999-12-31")


@refused("limits-period-starts-in-1900", "limits", CAMPAIGN,
         "period.start: 日期 1900-01-01 不在 1963-01-01 至 2100-12-31 之间（学雷锋活动始于 1963 年）：请检查年份是否写错。")
def _(p):
    return replace_line(p, CAMPAIGN, "  start: 2019-03-01", "  start: 1900-01-01")


@refused("limits-3001-activities", "limits", CAMPAIGN,
         "activities: 本方案有 3001 个活动，超过上限 3000 个：请检查是否重复粘贴；确有这么多，请按年度或地区分成几个方案文件。")
def _(p):
    insert_after(p, CAMPAIGN, "    leads: [市文明办]",
                 "".join(f"  - id: bulk-{i}\n    section: standing\n    title: 活动{i}\n" for i in range(2998)))
    return line_of(p, CAMPAIGN, "activities:")


@refused("limits-id-of-65-characters", "limits", CAMPAIGN,
         f"activities[0].id: id“{'a' * 40}…”有 65 个字符，超过上限 64：id 会成为网址和文件名的一部分，"
         "请改短（用几个词的拼音或英文缩写即可，如 lei-feng-square）。")
def _(p):
    return replace_line(p, CAMPAIGN, "  - id: saturday", "  - id: " + "a" * 65)


@refused("limits-station-file-name-of-65-characters", "limits", f"content/stations/{'s' * 65}.yaml",
         "文件名有 65 个字符，超过上限 64：文件名会成为 id 和网址的一部分，请改短（如 kunming-2018.yaml）。")
def _(p):
    write(p, f"content/stations/{'s' * 65}.yaml", text_of(p, STATION).replace("中心学雷锋广场", "另一个广场"))
    return 1


LONG_NAME = "学雷锋" * 17  # 51 characters, 153 bytes in UTF-8


@refused("limits-story-file-name-of-153-bytes", "limits", f"{NEWS}/{LONG_NAME}.md",
         "文件名有 153 字节（一个汉字占 3 字节），超过上限 150：有的文件系统和 Windows 无法保存这么长的文件名，"
         "请改短（如 2019-03-05-lei-feng-day.md 或 雷锋日活动.md），标题写在 title 中。")
def _(p):
    news(p, LONG_NAME)
    return 1


@refused("limits-markdown-1000-nested-lists", "limits", f"{NEWS}/nested-lists.md", DEPTH)
def _(p):
    body = "".join("\t" * level + "- 第一项\n" for level in range(1000))
    return news(p, "nested-lists", body=body) + 16  # the 17th level is one too many


@refused("limits-markdown-1000-lists-on-one-line", "limits", f"{NEWS}/one-line-lists.md", DEPTH)
def _(p):
    return news(p, "one-line-lists", body="正文。\n\n" + "- " * 1000 + "项\n") + 2


@refused("limits-markdown-1000-quote-levels", "limits", f"{NEWS}/nested-quotes.md", DEPTH)
def _(p):
    body = "".join(">" * level + " 引文\n" for level in range(1, 1001))
    return news(p, "nested-quotes", body=body) + 16


@refused("limits-markdown-nested-in-a-yaml-field", "limits", CAMPAIGN,
         DEPTH.replace("正文", "introduction", 1))
def _(p):
    lines = "".join("  " + "> " * level + "引文\n" for level in range(1, 40))
    first = replace_line(p, CAMPAIGN, "introduction: 方案概述。", "introduction: |\n" + lines.rstrip("\n"))
    return first + 17  # the block starts a line below the key; the 17th level is one too many


@refused("limits-repeat-every-day-for-four-years", "limits", CAMPAIGN,
         "activities[0].when.repeat: 重复规则“每天”在 2019-03-02 至 2022-12-31 之间超过 1000 次："
         "请用 start、until 缩短时间段，或改用更疏的频率（如 每周六）；天天都做的常态化工作不必写 when，"
         "即贯穿方案全程。")
def _(p):
    replace_line(p, CAMPAIGN, "  end: 2019-04-30", "  end: 2022-12-31")
    return replace_line(p, CAMPAIGN, RULE, "      repeat: 每天")

@refused("limits-five-registration-platforms", "limits", SITE,
         "site.registration: registration 列了 5 个平台，最多 4 个：它们是首页“我要当志愿者”中的按钮，"
         "手机一屏只放得下几个。请只列本地最常用的平台，其他平台可写在方案或站点正文中。")
def _(p):
    more = "".join(f"    - name: 平台{n}\n      url: https://p{n}.example.org/\n" for n in range(4))
    insert_after(p, SITE, "url: https://volunteer.example.org/", more.rstrip("\n"))
    return line_of(p, SITE, "registration:")
