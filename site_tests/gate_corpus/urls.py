"""Hostile corpus, class: urls (see __init__.py).

URLs that Python's urllib and a browser read differently.  Every decision is made on the URL
as a WHATWG parser reads it (generator/gate/urls.py), so each spelling below is judged by where
Chromium would actually go."""

from gate_corpus import *  # noqa: F401,F403

OFF_SITE_MEDIA = ("图片和音视频不能引用其他网站的地址（{}）：读者打开页面时会连到那个网站。"
                  "请把文件放到 content/images/ 下，写相对路径。")
BAD_SCHEME = ("不允许的链接地址“{}”：链接只能是站内路径或 https://、http://、mailto:、tel: 开头的地址；"
              "图片请放到 content/images/ 下再引用。")
NOT_HTTPS = "网址“{}”应以 https:// 开头（现在是 {}）：http 内容在 https 网站上会被浏览器拦截，其他写法不是网页地址。"
OFF_SITE_POSTER = "海报二维码只能指向本站（以 {} 开头的网址），“{}”不在本站。如需介绍其他平台，请写在正文中。"


@refused("urls-image-backslash-host", "urls", EXEMPLAR, "正文: " + OFF_SITE_MEDIA.format("/\\evil.example/x.png"))
def _(p):
    # urllib: a path on this site; Chromium: "/\" is "//", so evil.example is the host.
    return story(p, EXEMPLAR, text_of(p, EXEMPLAR).split("---")[1], "![x](/\\evil.example/x.png)\n")


@refused("urls-image-tab-in-scheme-relative", "urls", EXEMPLAR, "正文: " + OFF_SITE_MEDIA.format("/\\u0009/evil.example/x.png"))
def _(p):
    # Browsers drop tabs and newlines anywhere in a URL: "/<tab>/host" is "//host".  (A raw tab
    # would become spaces in Markdown; the entity survives it and the browser decodes it.)
    return story(p, EXEMPLAR, text_of(p, EXEMPLAR).split("---")[1], '<img src="/&#9;/evil.example/x.png" alt="x">\n')


@refused("urls-iframe-backslash-userinfo", "urls", EXEMPLAR,
         "正文: 不允许的 <iframe>：只能嵌入 campaigns.yaml 中 site.video_hosts 列出的视频网站（目前：player.bilibili.com）"
         "的 https 地址。请删除它，或请管理员把该视频网站加入 video_hosts。")
def _(p):
    # urllib reads the host after "@" (the allowed player); a browser ends the host at "\".
    insert_after(p, SITE, "operator:", "  video_hosts: [player.bilibili.com]")
    return story(p, EXEMPLAR, text_of(p, EXEMPLAR).split("---")[1],
                 '<iframe src="https://evil.example\\@player.bilibili.com/"></iframe>\n')


@refused("urls-link-entity-tab-javascript", "urls", CAMPAIGN, "introduction: " + BAD_SCHEME.format("javascript:"))
def _(p):
    # &#x09; is a tab once decoded, and the tab is dropped: java<tab>script: is javascript:.
    return replace_line(p, CAMPAIGN, "introduction:",
                        f"""introduction: '<a href="java&#x09;script:{CANARY}">详见</a>'""")


@refused("urls-link-uppercase-vbscript", "urls", CAMPAIGN, "introduction: " + BAD_SCHEME.format("vbscript:"))
def _(p):
    return replace_line(p, CAMPAIGN, "introduction:", "introduction: '[详见](VBScript:msgbox(1))'")


@refused("urls-poster-host-prefix", "urls", STATION,
         "poster_qr: " + OFF_SITE_POSTER.format("https://example.org/", "https://example.org.evil.example/"))
def _(p):
    # Starts with the site's host name, but the host is evil.example's subdomain.
    return append(p, STATION, "poster_qr: https://example.org.evil.example/")


@refused("urls-poster-dot-segments", "urls", STATION,
         "poster_qr: " + OFF_SITE_POSTER.format("https://example.org/portal/",
                                                "https://example.org/portal/%2e%2e/other/"))
def _(p):
    # A string prefix test passes it; the browser resolves %2e%2e and lands outside the portal.
    replace_line(p, SITE, "url: https://example.org/", "  url: https://example.org/portal/")
    return append(p, STATION, "poster_qr: https://example.org/portal/%2e%2e/other/")


@refused("urls-site-url-javascript", "urls", SITE,
         "site.url: " + NOT_HTTPS.format(f"javascript:{CANARY}//", "javascript:"))
def _(p):
    return replace_line(p, SITE, "url: https://example.org/", f"  url: 'javascript:{CANARY}//'")


@refused("urls-site-url-http", "urls", SITE, "site.url: " + NOT_HTTPS.format("http://example.org/", "http:"))
def _(p):
    return replace_line(p, SITE, "url: https://example.org/", "  url: http://example.org/")


@refused("urls-site-url-backslash", "urls", SITE,
         "site.url: 网址“https:\\\\evil.example\\portal/”的写法不规范，浏览器会把它读成 "
         "https://evil.example/portal/ ：请确认后照此填写。")
def _(p):
    # Backslashes are slashes in an https URL: the site would be evil.example's.
    return replace_line(p, SITE, "url: https://example.org/", "  url: https:\\\\evil.example\\portal/")


@refused("urls-tile-url-http", "urls", SITE,
         "site.map.url: " + NOT_HTTPS.format("http://tiles.example.cn/{z}/{x}/{y}.png", "http:"))
def _(p):
    return insert_after(p, SITE, "operator:", "  map:\n    tiles: custom\n    url: http://tiles.example.cn/{z}/{x}/{y}.png") + 2


@refused("urls-tile-url-credentials", "urls", SITE,
         "site.map.url: 网址“https://user:secret@tiles.example.cn/{z}/{x}/{y}.png”中不能有用户名或密码（“@”之前的部分）：请删除。")
def _(p):
    return insert_after(p, SITE, "operator:",
                        "  map:\n    tiles: custom\n    url: https://user:secret@tiles.example.cn/{z}/{x}/{y}.png") + 2


# --- sign-up links: a committed file must not send would-be volunteers to a look-alike form -------------

NOT_SIGNUP_HOST = ("报名网址“{}”的网站 {} 不在允许的报名网站中（目前：signup.example.org、volunteer.example.org）："
                   "只能链接到 campaigns.yaml 中 site.registration 的平台或 site.signup_hosts 列出的网站。"
                   "请改用这些平台上的报名页，或请管理员把该网站加入 signup_hosts。")


@refused("urls-signup-host-suffix", "urls", STATION,
         "signup: " + NOT_SIGNUP_HOST.format("https://volunteer.example.org.evil.example/form",
                                            "volunteer.example.org.evil.example"))
def _(p):
    # Starts with the platform's host name; the host is evil.example's subdomain.
    return replace_line(p, STATION, "signup:", "signup: https://volunteer.example.org.evil.example/form")


@refused("urls-signup-host-in-path", "urls", CAMPAIGN,
         "activities[1].signup: " + NOT_SIGNUP_HOST.format("https://evil.example/volunteer.example.org/",
                                                           "evil.example"))
def _(p):
    return replace_line(p, CAMPAIGN, "signup:", "    signup: https://evil.example/volunteer.example.org/")


@refused("urls-signup-backslash-userinfo", "urls", CAMPAIGN,
         "activities[1].signup: 网址“https://evil.example\\@volunteer.example.org/”的写法不规范，浏览器会把它读成 "
         "https://evil.example/@volunteer.example.org/ ：请确认后照此填写。")
def _(p):
    # urllib reads the host after "@" (the platform); a browser ends the host at "\".
    return replace_line(p, CAMPAIGN, "signup:", "    signup: https://evil.example\\@volunteer.example.org/")


@refused("urls-signup-javascript", "urls", CAMPAIGN,
         "signup: " + NOT_HTTPS.format(f"javascript:{CANARY}", "javascript:"))
def _(p):
    return append(p, CAMPAIGN, f"signup: 'javascript:{CANARY}'\n")


@refused("urls-registration-platform-http", "urls", SITE,
         "site.registration[0].url: " + NOT_HTTPS.format("http://volunteer.example.org/", "http:"))
def _(p):
    return replace_line(p, SITE, "url: https://volunteer.example.org/", "      url: http://volunteer.example.org/")


@refused("urls-signup-lookalike-letters", "urls", STATION,
         "signup: 网址“https://v\u043elunteer.example.org/form”的写法不规范，浏览器会把它读成 "
         "https://xn--vlunteer-nbh.example.org/form ：请确认后照此填写。")
def _(p):
    # A Cyrillic "о" looks like the platform's "o"; the browser goes to another (punycode) host.
    return replace_line(p, STATION, "signup:", "signup: https://v\u043elunteer.example.org/form")
