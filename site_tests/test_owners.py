"""Who may change what (issue 18): `portal check --since REV --as NAME` on commits in a scratch git
repository, and the generated CODEOWNERS read back by a parser written here for each host."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import edit, line_of, make_project
from generator.cli import main

TODAY = "2019-03-04"
PORTAL = "portal-editors"  # campaigns.yaml site.editors
DEMO = "democity-wmb"  # owners of region democity
OTHER = "othertown-wmb"  # owners of region othertown
YOUTH = "demo-youth"  # owners of the unit 团市委 in democity, which runs the station corner
SQUARE = "content/stations/democity/square.yaml"
CORNER = "content/stations/democity/corner.yaml"
BRIDGE = "content/stations/othertown/bridge.yaml"
PASSED = re.compile(r"^修改权限检查通过：\S+ 可以做自 base 以来的 \d+ 处改动。\n检查通过")


def git(project: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "editor@example.org", "GIT_CONFIG_GLOBAL": os.devnull}
    done = subprocess.run(["git", *args], cwd=project, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def commit(project: Path, message: str) -> None:
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path) -> Path:
    """The mini project with two regions, each with its owners, in region folders; committed and tagged `base`."""
    project = make_project(tmp_path / "portal")
    edit(project, "campaigns.yaml", "  operator: 测试文明办\n", f"  operator: 测试文明办\n  editors: ['@{PORTAL}']\n")
    edit(project, "content/regions/democity.yaml", "units:\n", f"owners: [{DEMO}]\nunits:\n")
    edit(project, "content/regions/democity.yaml", "    name: 团市委\n", f"    name: 团市委\n    owners: [{YOUTH}]\n")
    (project / "content/regions/othertown.yaml").write_text(
        f"name: 另一县\nprovince: 云南省\ncity: 示例市\ndistrict: 另一县\nowners: [{OTHER}]\n", encoding="utf-8")
    (project / "content/stations/democity").mkdir()
    (project / "content/stations/othertown").mkdir()
    square = (project / "content/stations/square.yaml").read_text(encoding="utf-8")
    (project / "content/stations/square.yaml").rename(project / SQUARE)
    station = square.replace("campaigns: [demo-2019]\n", "").replace("signup: https://signup.example.org/stations/square?from=portal\n", "")
    (project / CORNER).write_text(station.replace("中心学雷锋广场", "街角志愿服务点") + "operator: 团市委\n", encoding="utf-8")
    (project / BRIDGE).write_text(station.replace("中心学雷锋广场", "廊桥志愿服务点").replace("region: democity", "region: othertown")
                                  .replace("示例区", "另一县"), encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    commit(project, "base")
    git(project, "tag", "base")
    return project


def portal(project: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--project", str(project), "--today", TODAY, *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def check_as(project: Path, capsys, name: str, *more: str) -> tuple[int, str, list[str]]:
    code, out, err = portal(project, capsys, "check", "--since", "base", "--as", name, *more)
    errors = err.strip().splitlines()
    if code == 1:
        assert errors[-1] == f"共 {len(errors) - 1} 个错误，未生成任何文件。请按提示修改后重新运行 check。"
        errors = errors[:-1]
    return code, out, errors


def passes(project: Path, capsys, name: str, *more: str) -> None:
    code, out, errors = check_as(project, capsys, name, *more)
    assert (code, errors) == (0, []) and PASSED.match(out), (out, errors)


# --- a district editor and the portal's editors ------------------------------------------------

def test_a_district_editor_may_change_its_own_station(repo, capsys):
    edit(repo, SQUARE, "services: [便民服务]", "services: [便民服务, 测量血压]")
    commit(repo, "square: a new service")
    passes(repo, capsys, DEMO)
    passes(repo, capsys, PORTAL)


def test_another_districts_station_is_refused_with_the_record_and_line(repo, capsys):
    edit(repo, BRIDGE, "services: [便民服务]", "services: [便民服务, 文明劝导]")
    commit(repo, "bridge: a new service")
    code, _, errors = check_as(repo, capsys, DEMO)
    line = line_of(repo, BRIDGE, "services:")
    assert code == 1 and errors == [
        f"{BRIDGE}:{line}: {DEMO} 不能修改站点 bridge：它属于另一县（othertown），能修改它的是门户编辑 {PORTAL}；"
        f"另一县（othertown）的编辑 {OTHER}。请交给他们修改，或撤回这处改动。"]
    passes(repo, capsys, OTHER)
    passes(repo, capsys, PORTAL)


def test_a_station_moved_into_the_region_from_another_is_refused(repo, capsys):
    moved = "content/stations/democity/bridge.yaml"
    git(repo, "mv", BRIDGE, moved)
    edit(repo, moved, "region: othertown", "region: democity")
    commit(repo, "bridge is ours now")
    code, _, errors = check_as(repo, capsys, DEMO)
    assert code == 1 and len(errors) == 1
    assert errors[0].startswith(f"{moved}:{line_of(repo, moved, 'region:')}: region: {DEMO} 不能把站点 bridge 从另一县（othertown）"
                                "移到示例市（democity）：移动要同时能修改两边的内容。")
    assert OTHER in errors[0]
    code, _, errors = check_as(repo, capsys, OTHER)  # nor may the old region give it away
    assert code == 1 and f"{OTHER} 不能把站点 bridge" in errors[0]
    passes(repo, capsys, PORTAL)
    passes(repo, capsys, DEMO, "--groups", OTHER)  # a member of both (as CI may pass the groups)


def test_a_record_moved_by_its_field_alone_is_a_move_too(repo, capsys):
    """Ownership follows the data: region: changed in place (check then asks for the folder too)."""
    edit(repo, SQUARE, "region: democity", "region: othertown")
    commit(repo, "square to othertown")
    code, _, errors = check_as(repo, capsys, DEMO)
    assert any(e.startswith(f"{SQUARE}:{line_of(repo, SQUARE, 'region:')}: region: {DEMO} 不能把站点 square 从示例市（democity）移到另一县")
               for e in errors), errors


def test_the_site_settings_need_the_portal_editors(repo, capsys):
    edit(repo, "campaigns.yaml", "  title: 测试门户\n", "  title: 示例区门户\n")
    commit(repo, "retitle")
    code, _, errors = check_as(repo, capsys, DEMO)
    assert code == 1 and errors == [
        f"campaigns.yaml:{line_of(repo, 'campaigns.yaml', 'title:')}: {DEMO} 不能修改网站设置 campaigns.yaml：它管着全站的设置、"
        f"分类、站点标准和方案列表，只有门户编辑 {PORTAL}可以修改。请把要改的内容交给门户编辑。"]
    passes(repo, capsys, PORTAL)


def test_code_and_theme_need_the_portal_editors(repo, capsys):
    with (repo / "theme" / "main.html").open("a", encoding="utf-8") as handle:
        handle.write("{# a district's own script would go here #}\n")
    (repo / "scripts").mkdir()
    (repo / "scripts" / "deploy").write_text("#!/bin/sh\n", encoding="utf-8")
    commit(repo, "theme")
    code, _, errors = check_as(repo, capsys, DEMO)
    last = len((repo / "theme" / "main.html").read_text(encoding="utf-8").splitlines())
    assert code == 1 and [e.split("：")[0] for e in errors] == [
        f"scripts/deploy:1: {DEMO} 不能新增 scripts/deploy", f"theme/main.html:{last}: {DEMO} 不能修改 theme/main.html"]
    passes(repo, capsys, PORTAL)


def test_deleting_and_renaming(repo, capsys):
    git(repo, "rm", "-q", BRIDGE)
    git(repo, "mv", CORNER, "content/stations/democity/corner-2.yaml")
    commit(repo, "remove bridge, rename corner")
    code, _, errors = check_as(repo, capsys, DEMO)
    assert code == 1 and errors == [
        f"{BRIDGE}:1: {DEMO} 不能删除站点 bridge（这次提交删除了 {BRIDGE}）：能删除它的是门户编辑 {PORTAL}；另一县（othertown）"
        f"的编辑 {OTHER}。请交给他们处理，或恢复这个文件。"]
    code, _, errors = check_as(repo, capsys, OTHER)
    assert code == 1 and errors == [
        f"content/stations/democity/corner-2.yaml:1: {OTHER} 不能把站点 corner 改名为 corner-2（{CORNER} → "
        f"content/stations/democity/corner-2.yaml）：改名要能修改它，能修改的是门户编辑 {PORTAL}；示例市（democity）的编辑 "
        f"{DEMO}；相关单位的编辑 {YOUTH}。"]
    passes(repo, capsys, PORTAL)


def test_a_new_station_in_another_region_is_refused(repo, capsys):
    new = "content/stations/othertown/ferry.yaml"
    (repo / new).write_text((repo / BRIDGE).read_text(encoding="utf-8").replace("廊桥", "渡口"), encoding="utf-8")
    code, _, errors = check_as(repo, capsys, DEMO)  # not committed yet: the working tree counts
    assert code == 1 and errors[0].startswith(f"{new}:{line_of(repo, new, 'region:')}: region: {DEMO} 不能新增站点 ferry："
                                              "它属于另一县（othertown）")
    passes(repo, capsys, OTHER)


def test_a_unit_edits_the_station_it_runs_but_not_others(repo, capsys):
    edit(repo, CORNER, "services: [便民服务]", "services: [便民服务, 义务理发]")
    commit(repo, "corner")
    passes(repo, capsys, YOUTH)
    edit(repo, SQUARE, "services: [便民服务]", "services: [便民服务, 义务理发]")
    commit(repo, "square")
    code, _, errors = check_as(repo, capsys, YOUTH)
    assert code == 1 and [e.split(":")[0] for e in errors] == [SQUARE]


def test_owners_lists_are_changed_by_the_portal_editors_only(repo, capsys):
    region = "content/regions/democity.yaml"
    edit(repo, region, f"owners: [{DEMO}]", f"owners: [{DEMO}, zhangsan]")
    commit(repo, "add zhangsan")
    code, _, errors = check_as(repo, capsys, DEMO)
    assert code == 1 and errors == [
        f"{region}:{line_of(repo, region, 'owners:')}: owners: {DEMO} 不能修改谁是示例市（democity）或其单位的编辑（owners）："
        f"只有门户编辑 {PORTAL}可以修改 owners。请把名单交给门户编辑修改，本文件的其他改动可以照常提交。"]
    passes(repo, capsys, PORTAL)
    code, _, errors = check_as(repo, capsys, "zhangsan")  # the rules are those of the base: no granting oneself
    assert code == 1


def test_editors_added_in_the_same_change_do_not_count(repo, capsys):
    edit(repo, "campaigns.yaml", f"editors: ['@{PORTAL}']", f"editors: ['@{PORTAL}', '@{DEMO}']")
    edit(repo, BRIDGE, "services: [便民服务]", "services: [文明劝导]")
    commit(repo, "make me an editor")
    code, _, errors = check_as(repo, capsys, DEMO)
    assert code == 1 and sorted(e.split(":")[0] for e in errors) == ["campaigns.yaml", BRIDGE]


def test_new_attachments_and_published_urls_from_any_owner_but_not_changes(repo, capsys):
    (repo / "published-urls.txt").write_text("/stations/square/\n", encoding="utf-8")
    commit(repo, "manifest")
    git(repo, "tag", "-f", "base")
    with (repo / "published-urls.txt").open("a", encoding="utf-8") as handle:
        handle.write("/stations/corner/\n")
    (repo / "content/attachments/othertown-2019.txt").write_text("另一县方案原文\n", encoding="utf-8")
    passes(repo, capsys, OTHER)
    (repo / "published-urls.txt").write_text("/stations/corner/\n", encoding="utf-8")
    with (repo / "content/attachments/demo-2019.txt").open("a", encoding="utf-8") as handle:
        handle.write("补充\n")
    code, _, errors = check_as(repo, capsys, OTHER)
    assert code == 1 and [e.split(" 不能")[0] for e in errors if f"{OTHER} 不能" in e] == [
        f"content/attachments/demo-2019.txt:1: {OTHER}", f"published-urls.txt:1: {OTHER}"]
    code, _, errors = check_as(repo, capsys, PORTAL)  # check still refuses the dropped URL, for anyone
    assert code == 1 and not [e for e in errors if f"{PORTAL} 不能" in e] and "已发布的网址从清单中删掉了" in errors[0]


def test_without_as_check_is_as_before_and_git_problems_are_chinese(repo, tmp_path, capsys):
    edit(repo, BRIDGE, "services: [便民服务]", "services: [文明劝导]")
    code, out, err = portal(repo, capsys, "check")
    assert code == 0 and out.startswith("检查通过") and "修改权限" not in out
    code, _, err = portal(repo, capsys, "check", "--since", "base")
    assert code == 2 and "--since 和 --as 要一起写" in err
    code, _, err = portal(repo, capsys, "check", "--since", "no-such-branch", "--as", DEMO)
    assert code == 1 and "仓库里找不到版本“no-such-branch”" in err and "GIT_DEPTH: 0" in err
    code, _, err = portal(repo, capsys, "check", "--since=--output=x", "--as", DEMO)
    assert code == 1 and "不是版本名" in err
    plain = make_project(tmp_path / "plain")
    code, _, err = portal(plain, capsys, "check", "--since", "main", "--as", DEMO)
    assert code == 1 and "不是 git 仓库" in err and "Traceback" not in err


# --- CODEOWNERS ----------------------------------------------------------------------------------

def glob_owners(text: str, path: str) -> set[str]:
    """GitHub/GitLab: the last matching line wins; `*` is everything, `/dir/` a folder, `/file` a file."""
    found: set[str] = set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *owners = line.split()
        assert all(o.startswith("@") for o in owners) and owners
        if pattern == "*" or (pattern.endswith("/") and path.startswith(pattern[1:])) or pattern[1:] == path:
            assert pattern == "*" or pattern.startswith("/")
            found = {o[1:] for o in owners}
    return found


def gitea_owners(text: str, path: str) -> set[str]:
    """Gitea: backslash escapes, `#` starts a comment, each rule a Go regexp matched whole; owners of every match."""
    found: set[str] = set()
    for line in text.splitlines():
        tokens, token, escape = [], "", False
        for char in line.strip():
            if escape:
                token, escape = token + char, False
            elif char == "\\":
                escape = True
            elif char == "#":
                break
            elif char == " ":
                tokens, token = (tokens + [token], "") if token else (tokens, token)
            else:
                token += char
        tokens += [token] if token else []
        if not tokens:
            continue
        assert len(tokens) >= 2, line
        if re.fullmatch(tokens[0], path):
            found |= {o[1:] for o in tokens[1:]}
    return found


EXPECTED = {  # every kind of path, and the owners the rules give it
    SQUARE: {PORTAL, DEMO},
    CORNER: {PORTAL, DEMO, YOUTH},
    BRIDGE: {PORTAL, OTHER},
    "content/stations/democity/new-one.yaml": {PORTAL, DEMO},
    "content/exemplars/othertown/story.md": {PORTAL, OTHER},
    "content/news/democity/a.md": {PORTAL, DEMO},
    "content/regions/democity.yaml": {PORTAL, DEMO},
    "content/regions/othertown.yaml": {PORTAL, OTHER},
    "content/campaigns/demo-2019.yaml": {PORTAL, DEMO, YOUTH},  # 团市委 leads it
    "content/exemplars/li-xiaolei.md": {PORTAL, DEMO},  # outside a region folder: a line of its own
    "content/images/new.png": {PORTAL, DEMO, OTHER, YOUTH},
    "published-urls.txt": {PORTAL, DEMO, OTHER, YOUTH},
    "campaigns.yaml": {PORTAL},
    "theme/main.html": {PORTAL},
    "generator/cli.py": {PORTAL},
    "content/regions/democity.yaml.bak": {PORTAL},
}


@pytest.mark.parametrize("host, owners_of", [("github", glob_owners), ("gitlab", glob_owners), ("gitea", gitea_owners)])
def test_codeowners_read_back_gives_every_path_its_owners(repo, capsys, host, owners_of):
    code, text, err = portal(repo, capsys, "owners", "--host", host)
    assert code == 0 and err == ""
    assert {path: owners_of(text, path) for path in EXPECTED} == EXPECTED


def test_codeowners_drift_is_found(repo, capsys):
    code, _, err = portal(repo, capsys, "owners", "--check")
    assert code == 1 and err.strip() == "项目中没有 CODEOWNERS 文件：运行 portal owners --host gitlab > CODEOWNERS 生成，并提交。"
    (repo / "CODEOWNERS").write_text(portal(repo, capsys, "owners")[1], encoding="utf-8")
    assert portal(repo, capsys, "owners", "--check")[:2] == (0, "CODEOWNERS 与内容一致（gitlab）。\n")
    edit(repo, "content/regions/othertown.yaml", f"owners: [{OTHER}]", f"owners: [{OTHER}, lisi]")
    code, _, err = portal(repo, capsys, "owners", "--check")
    assert code == 1 and re.fullmatch(r"CODEOWNERS:\d+: 与 campaigns\.yaml 的 site\.editors 和 content/regions/ 中的 owners 不一致"
                                      r"（代码托管平台会请错审核人）：运行 portal owners --host gitlab > CODEOWNERS 重新生成，并提交。\n", err)
    assert portal(repo, capsys, "owners", "--check", "--host", "gitea")[0] == 1  # the gitlab file is not Gitea's


def test_the_demo_codeowners_is_current():
    """The committed CODEOWNERS of the demo matches its content (CI runs the same command)."""
    root = Path(__file__).resolve().parents[1]
    assert main(["--project", str(root), "owners", "--check"]) == 0


def test_a_station_outside_its_region_folder_is_an_error(repo, capsys):
    shutil.move(repo / BRIDGE, repo / "content/stations/democity/bridge.yaml")
    code, _, err = portal(repo, capsys, "check")
    assert code == 1 and ("content/stations/democity/bridge.yaml:3: region: 文件在 content/stations/democity/ 下，但 region 写的是 "
                          "othertown：文件夹表示所属地区，请把文件移到 content/stations/othertown/，或改为 region: democity。") in err


def test_only_one_level_of_region_folders_is_read(repo, capsys):
    (repo / "content/stations/democity/old").mkdir()
    shutil.move(repo / CORNER, repo / "content/stations/democity/old/corner.yaml")
    code, _, err = portal(repo, capsys, "check")
    assert code == 1 and ("content/stations/democity/old:1: 地区文件夹里不能再有文件夹，其中的文件不会被读取：请把文件直接放在 "
                          "content/stations/democity/ 下。") in err


def test_a_project_in_a_subfolder_of_its_repository_gets_no_wrong_codeowners(tmp_path, capsys):
    outer = tmp_path / "repo"
    project = make_project(outer / "portal")
    git(outer, "init", "-q")
    code, out, err = portal(project, capsys, "owners")
    assert (code, out) == (1, "") and "项目在 git 仓库的子目录 portal/ 中" in err


def test_a_region_editor_may_add_units_but_not_rename_one_with_owners(repo, capsys):
    region = "content/regions/democity.yaml"
    with (repo / region).open("a", encoding="utf-8") as handle:
        handle.write("  - id: minzhengju\n    name: 市民政局\n")
    commit(repo, "a new unit")
    passes(repo, capsys, DEMO)
    edit(repo, region, "    name: 团市委\n", "    name: 共青团示例市委\n")  # the name corner's operator: refers to
    commit(repo, "rename the youth league")
    code, _, errors = check_as(repo, capsys, DEMO)
    assert [e for e in errors if f"{DEMO} 不能修改谁是示例市（democity）或其单位的编辑" in e]


def test_a_record_moved_into_its_region_folder_keeps_its_last_changed_date(repo):
    from generator.publish.revisions import last_changed

    def at(day: str, message: str) -> None:
        git(repo, "add", "-A")
        done = subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, capture_output=True, check=True, env={
            **os.environ, "GIT_AUTHOR_DATE": f"{day}T10:00:00+08:00", "GIT_COMMITTER_DATE": f"{day}T10:00:00+08:00",
            "GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "e@example.org", "GIT_COMMITTER_NAME": "编辑",
            "GIT_COMMITTER_EMAIL": "e@example.org", "GIT_CONFIG_GLOBAL": os.devnull})
        assert done.returncode == 0

    edit(repo, BRIDGE, "services: [便民服务]", "services: [文明劝导]")
    at("2019-03-02", "bridge changed")
    git(repo, "mv", BRIDGE, "content/stations/othertown/bridge-2.yaml")
    at("2019-03-09", "bridge moved, unchanged")
    assert last_changed(repo)["content/stations/othertown/bridge-2.yaml"].isoformat() == "2019-03-02"
    edit(repo, "content/stations/othertown/bridge-2.yaml", "services: [文明劝导]", "services: [便民服务]")
    at("2019-03-12", "bridge changed again")
    assert last_changed(repo)["content/stations/othertown/bridge-2.yaml"].isoformat() == "2019-03-12"


def test_a_name_that_is_no_user_name_is_refused_before_anything_is_printed_with_it(repo, capsys):
    code, out, err = portal(repo, capsys, "check", "--since", "base", "--as", "x\nmeilie: 通过")
    assert code == 1 and out == "" and err.startswith("生成失败：--as/--groups：") and "\nmeilie" not in err


# --- holes found in review: deleting owners, links and hidden files, a project in a subfolder -------

def test_a_region_file_with_owners_is_deleted_or_renamed_by_the_portal_editors_only(repo, capsys):
    region = "content/regions/othertown.yaml"
    git(repo, "rm", "-q", BRIDGE, region)
    commit(repo, "othertown: gone, and its owners with it")
    code, _, errors = check_as(repo, capsys, OTHER)
    assert code == 1 and [e for e in errors if f"{OTHER} 不能" in e] == [
        f"{region}:1: {OTHER} 不能删除地区 othertown（这次提交删除了 {region}）：文件中登记了另一县（othertown）或其单位的编辑"
        f"（owners），删除它就删掉了这些名单，只有门户编辑 {PORTAL}可以这样做。请交给门户编辑处理，或恢复这个文件。"]
    code, _, errors = check_as(repo, capsys, PORTAL)
    assert code == 0, errors
    git(repo, "reset", "-q", "--hard", "base")
    git(repo, "mv", region, "content/regions/othertown-2.yaml")
    code, _, errors = check_as(repo, capsys, OTHER)
    assert code == 1 and any(e.startswith(f"content/regions/othertown-2.yaml:1: {OTHER} 不能把地区 othertown 改名")
                             and "owners 名单" in e for e in errors), errors


def test_links_and_hidden_files_need_the_portal_editors_even_in_shared_folders(repo, capsys):
    (repo / "content/images").mkdir(exist_ok=True)
    (repo / "content/images/new-photo.png").symlink_to("../../campaigns.yaml")
    (repo / "content/attachments/.gitattributes").write_text("*.txt filter=lfs\n", encoding="utf-8")
    (repo / "content/stations/democity/.gitignore").write_text("corner.yaml\n", encoding="utf-8")
    code, _, errors = check_as(repo, capsys, DEMO)
    assert code == 1 and errors == [
        f"content/attachments/.gitattributes:1: {DEMO} 不能提交以“.”开头的文件或目录 content/attachments/.gitattributes：这类"
        f"隐藏文件（如 .gitattributes、.gitignore）会改变 git 和门户读取其他文件的方式，只有门户编辑 {PORTAL}可以提交。"
        "请改用不以“.”开头的文件名，或从这次提交中撤回。",
        f"content/images/new-photo.png:1: {DEMO} 不能提交符号链接 content/images/new-photo.png：链接可以指向仓库里别人的文件或"
        f"仓库外的文件，只有门户编辑 {PORTAL}可以提交。请换成文件本身（图片、附件直接上传），或从这次提交中撤回。",
        f"content/stations/democity/.gitignore:1: {DEMO} 不能提交以“.”开头的文件或目录 content/stations/democity/.gitignore："
        f"这类隐藏文件（如 .gitattributes、.gitignore）会改变 git 和门户读取其他文件的方式，只有门户编辑 {PORTAL}可以提交。"
        "请改用不以“.”开头的文件名，或从这次提交中撤回。"]
    commit(repo, "a link and hidden files")  # read from git (ls-tree mode 120000) the same as from the disk
    code, _, committed = check_as(repo, capsys, DEMO)
    assert (code, committed) == (1, errors)
    (repo / "content/images/new-photo.png").unlink()
    (repo / "content/images/new-photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for hidden in ("content/attachments/.gitattributes", "content/stations/democity/.gitignore"):
        (repo / hidden).unlink()
    passes(repo, capsys, DEMO)  # a new photo is still any owner's to add
    git(repo, "reset", "-q", "--hard", "HEAD")
    passes(repo, capsys, PORTAL)


def test_as_is_refused_for_a_project_in_a_subfolder_whose_root_files_it_cannot_see(tmp_path, capsys):
    outer = tmp_path / "repo"
    project = make_project(outer / "portal")
    git(outer, "init", "-q", "-b", "main")
    commit(outer, "base")
    (outer / ".gitlab-ci.yml").write_text("owners:\n  script: [true]\n", encoding="utf-8")
    code, _, err = portal(project, capsys, "check", "--since", "main", "--as", DEMO)
    assert code == 1 and "项目在 git 仓库的子目录 portal/ 中：--as 只能检查项目目录里的改动" in err


def test_a_region_file_name_that_is_no_id_writes_no_codeowners_line(repo):
    """check refuses the name; CODEOWNERS, written from git's files, must not carry it either (a
    space, # or line break would split or comment out a rule)."""
    from generator.owners import codeowners
    from generator.owners.snapshot import project_files

    region = repo / "content/regions/democity.yaml"
    (repo / "content/regions/bad name #x.yaml").write_text(region.read_text(encoding="utf-8"), encoding="utf-8")
    text = codeowners.render(project_files(repo), "gitlab")
    assert "bad name" not in text and "democity" in text
