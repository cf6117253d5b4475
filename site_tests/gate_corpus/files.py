"""Hostile corpus, class: files (see __init__.py).

git stores symlinks, so a commit can put one wherever the build writes, locks or keeps its
state.  Each case must be refused by `check` and `build` alike, before anything is written:
the harness snapshots the project's parent directory, so a build that wrote through a link
into the project or beside it fails the case even if the message were right.
"""

import os
import shutil
import subprocess

from gate_corpus import *  # noqa: F401,F403

MANIFEST = "published-urls.txt"
HEADER = ("# 已发布的网址清单：portal build 会自动追加新网址，请随内容一起提交。\n"
          "# 清单里的网址如果在某次生成中消失（改名、删除而没有设置跳转），生成会失败，以免外部链接失效。\n")
URLS = ["/", "/calendar/", "/news/", "/stations/", "/stations/square/"]
GENERATED = "它由 portal build 自动生成，不应提交到仓库：请删除它（已提交的用 git rm 删除）后重新运行。"
LINK = "现在是符号链接：经由链接，构建会改写它指向的地方（可能是源文件）。"
SITE_FIX = GENERATED + "要把网站生成到别处，请用 build --site-dir 指定目录。"
RESTORE = "请删除它，再用 git checkout HEAD -- published-urls.txt 恢复清单（新项目还没有清单也可以，build 会创建）。"
REMOVED = ("已发布的网址从清单中删掉了：清单只增不减，外部链接靠它保持有效。请把这个网址加回清单"
           "（或用 git checkout HEAD -- published-urls.txt 恢复）；页面确实不要了，也请保留这一行，"
           "并在 campaigns.yaml 的 redirects 中登记跳转（old: 旧路径/，new: 新路径/）。")


def _replace_site(p, make) -> int:
    shutil.rmtree(p / "site")
    make(p / "site")
    return 1


def _commit_manifest(p) -> None:
    """Make the mini project a git repository whose history holds the manifest."""
    write(p, MANIFEST, HEADER + "".join(f"{url}\n" for url in URLS))
    git = ["git", "-C", str(p), "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", MANIFEST], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Publish"], check=True)


@refused("files-site-links-to-content", "files", "site", "这里应是生成的网站（目录），" + LINK + SITE_FIX)
def _(p):
    # The swap used to resolve site/ and replace content/ with the built site.
    return _replace_site(p, lambda site: site.symlink_to("content", target_is_directory=True))


@refused("files-site-is-a-file", "files", "site", "这里应是生成的网站（目录），现在是一个文件。" + SITE_FIX)
def _(p):
    return _replace_site(p, lambda site: site.write_text("不是目录\n", encoding="utf-8"))


@refused("files-lock-links-to-a-source", "files", ".site.lock", "这里应是构建锁文件（普通文件），" + LINK + GENERATED)
def _(p):
    # open(".site.lock", "w") used to truncate whatever the link pointed at.
    (p / ".site.lock").symlink_to(SITE)
    return 1


@refused("files-staging-name-links-to-content", "files", ".site.old", "这里应是构建的临时目录（目录），" + LINK + GENERATED)
def _(p):
    (p / ".site.old").symlink_to("content", target_is_directory=True)
    return 1


@refused("files-portal-links-outside", "files", ".portal", "这里应是构建生成文件的目录（目录），" + LINK + GENERATED)
def _(p):
    (p.parent / "elsewhere").mkdir()
    (p / ".portal").symlink_to("../elsewhere", target_is_directory=True)
    return 1


@refused("files-docs-dir-links-to-content", "files", ".portal/docs", "这里应是生成的页面目录（目录），" + LINK + GENERATED)
def _(p):
    (p / ".portal").mkdir()
    (p / ".portal" / "docs").symlink_to("../content", target_is_directory=True)
    return 1


@refused("files-card-cache-links-to-images", "files", ".portal/cache", "这里应是构建的缓存目录（目录），" + LINK + GENERATED)
def _(p):
    (p / ".portal").mkdir()
    (p / ".portal" / "cache").symlink_to(f"../{IMAGES}", target_is_directory=True)
    return 1


@refused("files-manifest-links-to-passwd", "files", MANIFEST,
         "这里应是已发布网址清单（普通文件），" + LINK + RESTORE)
def _(p):
    # Its lines used to be printed as "published URLs that will vanish": the host's passwd file.
    (p / MANIFEST).symlink_to("/etc/passwd")
    return 1


@refused("files-manifest-is-a-directory", "files", MANIFEST, "这里应是已发布网址清单（普通文件），现在是一个目录。" + RESTORE)
def _(p):
    (p / MANIFEST).mkdir()
    return 1


@refused("files-manifest-is-a-fifo", "files", MANIFEST, "这里应是已发布网址清单（普通文件），现在是管道、设备等特殊文件。" + RESTORE)
def _(p):
    os.mkfifo(p / MANIFEST)  # reading it would hang the build
    return 1


@refused("files-manifest-not-utf8", "files", MANIFEST,
         "文件不是 UTF-8 编码：这一行看起来是 GBK/GB2312 编码（Windows 记事本、WPS 等的常见默认），"
         "按 GBK 读出来是“/新闻/”：请在编辑器中按 GBK 打开，再“另存为”并选择 UTF-8 编码；"
         "如果只有这一行是从别处粘贴的，请删除后重新输入。")
def _(p):
    write(p, MANIFEST, (HEADER + "/\n").encode("utf-8") + "/新闻/\n".encode("gbk"))
    return 4


@refused("files-manifest-merge-conflict", "files", MANIFEST,
         "这一行不是本站网址：清单每行写一个以 / 开头的网址路径（如 /news/），或以 # 开头的注释。"
         "可能是误改或合并冲突留下的，请改正这一行，或用 git checkout HEAD -- published-urls.txt 恢复。")
def _(p):
    write(p, MANIFEST, HEADER + "/\n<<<<<<< HEAD\n/news/\n=======\n/calendar/\n>>>>>>> other\n")
    return 4


@refused("files-manifest-line-removed", "files", MANIFEST, "/calendar/: " + REMOVED)
def _(p):
    # Deleting a URL's line used to let the build drop that page silently.
    _commit_manifest(p)
    write(p, MANIFEST, text_of(p, MANIFEST).replace("/calendar/\n", ""))
    return line_of(p, MANIFEST, "/news/")  # where the line was


@refused("files-manifest-deleted", "files", MANIFEST,
         "已发布网址清单不见了（git 历史中记录了 5 个已发布的网址）：请用 git checkout HEAD -- published-urls.txt "
         "恢复；若删除已经提交，请从 git log -- published-urls.txt 找到删除前的版本恢复。")
def _(p):
    _commit_manifest(p)
    (p / MANIFEST).unlink()
    return 1
