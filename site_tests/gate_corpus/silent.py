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


# --- schedules in Chinese (issue 15): a form the portal does not know is refused, never guessed -------

FORMS_HINT = ("可用的写法：每周六、每周二和周四、每周一至周五、工作日、周末、每天、每两周周三、每月23日、每月1日和15日、"
              "每月最后一天、每月第一个周一、每月最后一个周五、每年3月5日；其他规律请写 iCalendar 重复规则，"
              "如 FREQ=WEEKLY;BYDAY=SA（README“重复的活动”一节有说明）。")


@refused("silent-repeat-form-it-does-not-know", "silent", CAMPAIGN,
         "activities[0].when.repeat: 重复规则“每季度一次”无法识别。" + FORMS_HINT)
def _(p):
    return replace_line(p, CAMPAIGN, RULE, "      repeat: 每季度一次")


@refused("silent-repeat-with-the-time-of-day", "silent", CAMPAIGN,
         "activities[0].when.repeat: 重复规则“每周六上午9点”里写了一天中的时间：repeat 只写哪几天，"
         "时间请另写在 time 中，如 repeat: 每周六 和 time: 09:00-11:30。")
def _(p):
    return replace_line(p, CAMPAIGN, RULE, "      repeat: 每周六上午9点")


@refused("silent-repeat-on-a-day-no-month-has", "silent", CAMPAIGN,
         "deadlines[0].when.repeat: 重复规则“每月32号”中的“32日”不存在（每月只有 1 至 31 日）。" + FORMS_HINT)
def _(p):
    return replace_line(p, CAMPAIGN, "FREQ=MONTHLY;BYMONTHDAY=23", "    when: {repeat: 每月32号, start: 2019-03-23}")


@refused("silent-repeat-yearly-day-outside-the-campaign", "silent", CAMPAIGN,
         "activities[0].when.repeat: 重复规则“每年5月第二个周日”在 2019-03-02 至 2019-04-30 之间一次也不会发生"
         "（这段时间里没有它所说的日子）：请核对重复的日期以及 start、until、exdates。")
def _(p):
    return replace_line(p, CAMPAIGN, RULE, "      repeat: 每年5月第二个周日")


@refused("silent-repeat-and-rrule-both-written", "silent", CAMPAIGN,
         "activities[0].when: 时间只能用一种写法：date（某一天）、dates（若干天）、start+end（时间段）、"
         "month（整月，如 2018-03）、year（全年）或 repeat（重复，如 每周六），当前同时写了 repeat、rrule。")
def _(p):
    insert_after(p, CAMPAIGN, RULE, "      repeat: 每周六")
    return line_of(p, CAMPAIGN, RULE) - 1  # the message names `when:`, the line above the rule

@refused("silent-phone-with-extension-text", "silent", STATION,
         "contact.phone: 电话“0871-00000000 转 801”应只写一个号码，由半角数字和 + - ( ) 组成，如 0871-00000000 或 12345："
         "手机上点号码即可拨打。分机、时段等说明请写在 hours 或正文中，多个号码请分别写给不同联系人。")
def _(p):
    # Every phone becomes a tap-to-call link: "转 801" would be dialled as part of the number.
    return append(p, STATION, 'contact:\n  phone: "0871-00000000 转 801"\n') + 1


@refused("silent-activity-contact-mobile", "silent", CAMPAIGN,
         "activities[1].contact.phone: 疑似个人手机号码“139****5678”：请改用单位办公电话或服务热线；"
         "如本人同意公开，在同一层加上 public: [字段名]（如 public: [phone]）。")
def _(p):
    # An activity's contact is contact details like a station's: a personal mobile needs consent.
    return replace_line(p, CAMPAIGN, 'contact: {phone: "0000-1234567"}', '    contact: {phone: "13912345678"}')


@refused("silent-phone-full-width-digits", "silent", STATION,
         "contact.phone: 电话“０８７１-00000000”应只写一个号码，由半角数字和 + - ( ) 组成，如 0871-00000000 或 12345："
         "手机上点号码即可拨打。分机、时段等说明请写在 hours 或正文中，多个号码请分别写给不同联系人。")
def _(p):
    # Typed with a Chinese input method: a phone dials no full-width digit.
    return append(p, STATION, 'contact:\n  phone: "０８７１-00000000"\n') + 1


@refused("silent-registration-code-missing", "silent", SITE,
         "site.registration[0].qr: 图片“platform-code.png”不存在或不是图片文件：请把图片放到 content/images/ 下，"
         "写相对路径（如 zhenghe-square.jpg），格式为 .jpg、.jpeg、.png、.webp、.gif、.svg。")
def _(p):
    # A code picture nobody added would be a broken image where readers look for how to register.
    return insert_after(p, SITE, "url: https://volunteer.example.org/", "      qr: platform-code.png")


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
         "categories[1].audiance: 未知字段“audiance”：是否想写 audience？请改正拼写（字段名见字段说明 docs/字段说明.md）。")
def _(p):
    return insert_after(p, SITE, "name: 月度主题活动", "    audiance: internal")
