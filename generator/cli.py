"""``portal`` — check, build and preview the campaign portal; start new content files.

A thin layer over ``project`` and ``build``: parse arguments, print one clear
message per problem, set the exit code.  User mistakes never show a traceback.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from generator.errors import BuildError, ValidationFailed
from generator.project import resolve_today


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是有效日期，格式应为 YYYY-MM-DD") from None


def _options(parser: argparse.ArgumentParser, defaults: bool) -> None:
    """--project and --today, before the command (``portal --today … build``) or after it
    (``portal build --today …``).  After it they have no defaults, so that they do not undo
    the same options given before it."""
    def default(value):
        return value if defaults else argparse.SUPPRESS

    parser.add_argument("--project", type=Path, default=default(Path(".")),
                        help="项目目录（含 campaigns.yaml、content/、mkdocs.yml），默认为当前目录")
    parser.add_argument("--today", type=_date, default=default(None),
                        help="假定今天的日期（YYYY-MM-DD），用于预览；默认取 SOURCE_DATE_EPOCH 或系统日期")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portal", description="学雷锋志愿服务活动门户：检查、生成和预览网站。")
    _options(parser, defaults=True)
    common = argparse.ArgumentParser(add_help=False)
    _options(common, defaults=False)
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")
    check = commands.add_parser("check", parents=[common], help="只检查 campaigns.yaml 和 content/，列出全部错误")
    check.add_argument("--site-dir", type=Path, default=None, help="将要生成到的输出目录（同 build），默认为项目下的 site/")
    check.add_argument("--since", metavar="版本", default=None,
                       help="与 --as 一起用（CI 检查合并请求）：找出自这个 git 版本（提交号、分支名，如 origin/main）以来改动的内容")
    check.add_argument("--as", dest="as_user", metavar="用户名", default=None,
                       help="提交者在代码托管平台上的用户名：拒绝其中他不能修改的每一处改动（谁能改什么见 README“谁能修改什么”）")
    check.add_argument("--groups", metavar="群组,…", default=None,
                       help="提交者所在的群组（逗号分隔），与 owners 中的群组名逐字比对；离线检查无法查询群组成员")
    build = commands.add_parser("build", parents=[common], help="检查并生成完整的 HTML 网站")
    build.add_argument("--site-dir", type=Path, default=None, help="输出目录，默认为项目下的 site/")
    build.add_argument("--no-strict", action="store_true", help="不以严格模式运行 mkdocs（不推荐）")
    serve = commands.add_parser("serve", parents=[common], help="本地预览，修改内容后自动重新生成，内容有错误时在浏览器中列出")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="监听地址，默认 127.0.0.1:8000")
    serve.add_argument("--no-cms", action="store_true",
                       help="不启动网页表单编辑器（/admin/ 和 decap-server）")
    admin = commands.add_parser("admin", parents=[common], help="生成正式环境的网页表单编辑器（需在 campaigns.yaml 中配置 site.editor）")
    admin.add_argument("--out", type=Path, required=True,
                       help="输出目录（会被整个替换），由网站服务器在 /admin/ 提供，见 README“网页表单编辑器”")
    new = commands.add_parser("new", parents=[common], help="新建一个带注释的起始文件：activity（活动）、station（站点）、"
                                          "story（先进典型）或 news（动态）")
    new.add_argument("kind", metavar="类型", help="activity / station / story / news")
    new.add_argument("--id", default=None, help="id 或文件名（小写英文字母、数字和连字符），默认取标题的拼音")
    new.add_argument("--title", default=None, help="标题或名称")
    new.add_argument("--campaign", default=None, help="方案 id：activity 直接加入该方案文件；不写则打印出来供粘贴")
    new.add_argument("--region", default=None, help="地区 id（content/regions/ 下的文件名），站点和先进典型需要")
    owners = commands.add_parser("owners", parents=[common], help="打印按各地区 owners 和 site.editors 生成的 CODEOWNERS")
    owners.add_argument("--host", choices=("github", "gitlab", "gitea"), default=None,
                        help="代码托管平台（写法不同）：默认取 site.editor.backend，没有时为 gitlab")
    owners.add_argument("--check", action="store_true", help="只核对已提交的 CODEOWNERS 是否与内容一致，不打印")
    importer = commands.add_parser("import", parents=[common], help="把方案原文（.txt、.md、Word .docx、带文字层的 PDF）导入为方案草稿，"
                                   "写入 content/campaigns/<id>.yaml，列出待核对的地方")
    importer.add_argument("file", type=Path, metavar="文件", help="方案原文文件")
    importer.add_argument("--region", default=None, help="地区 id（content/regions/ 下的文件名），默认按原文判断")
    importer.add_argument("--id", default=None, help="方案 id，默认为“地区-年份”，如 kunming-2018")
    reference = commands.add_parser("reference", help="根据数据格式重新生成字段说明（docs/字段说明.md）和 JSON Schema")
    reference.add_argument("--check", action="store_true", help="只检查它们是否最新，不写文件")
    return parser


def _new(root: Path, today: date, args) -> int:
    from generator.tools.new import NewError, new

    try:
        created = new(root, args.kind, today, id=args.id, title=args.title, campaign=args.campaign, region=args.region)
    except NewError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if created.printed is not None:
        print(created.printed, end="")
    else:
        where = f"{created.path}:{created.line}" if created.line > 1 else created.path
        print(f"已新建：{where}")
        if created.fill_in:
            print(f"请填写：{'、'.join(created.fill_in)}（文件中标有“待填写”），然后运行 portal check。")
    for note in created.notes:
        print(note, file=sys.stderr)
    return 0


def _owners(root: Path, args) -> int:
    from generator.owners import codeowners
    from generator.owners.snapshot import project_files

    snapshot = project_files(root)
    host = args.host or codeowners.default_host(root, snapshot)
    warning = codeowners.subfolder_warning(root)
    if warning is not None:
        print(warning, file=sys.stderr)
        return 1
    if host == "gitea":
        for warning in codeowners.gitea_warnings(snapshot):
            print(warning, file=sys.stderr)
    if args.check:
        problem = codeowners.drift(root, host)
        if problem is not None:
            print(problem, file=sys.stderr)
            return 1
        print(f"CODEOWNERS 与内容一致（{host}）。")
        return 0
    sys.stdout.write(codeowners.render(snapshot, host))
    return 0


def _check(root: Path, today: date, args) -> int:
    """`check`, and with --since/--as first who may change what (generator/owners/changes.py)."""
    from generator import build

    if (args.since is None) != (args.as_user is None) or (args.groups is not None and args.as_user is None):
        print("--since 和 --as 要一起写（--groups 也要和它们一起写），如 portal check --since origin/main --as zhangsan。",
              file=sys.stderr)
        return 2
    refused, passed = [], ""
    if args.as_user is not None:
        from generator.owners.changes import identity, judge

        outcome = judge(root, args.since, identity(args.as_user, args.groups))
        refused = outcome.refused
        passed = f"修改权限检查通过：{args.as_user} 可以做自 {args.since} 以来的 {outcome.changes} 处改动。"
    try:
        summary = build.summary(build.check(root, today, site_dir=args.site_dir))
    except ValidationFailed as failed:
        raise ValidationFailed([*refused, *failed.issues]) from None
    if refused:
        raise ValidationFailed(refused)
    if passed:
        print(passed)
    print(summary)
    return 0


def _import(root: Path, args) -> int:
    from generator.tools.importer import ImportProblem, import_plan, summary

    try:
        result = import_plan(root, args.file, region=args.region, campaign_id=args.id)
    except ImportProblem as exc:
        print(f"导入失败：{exc}", file=sys.stderr)
        return 1
    print(summary(result, root))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = args.project.resolve()
    if args.command == "reference":
        from generator.tools import reference

        return reference.run(root, args.check)
    try:
        today = resolve_today(args.today)
        if args.command == "new":
            return _new(root, today, args)
        if args.command == "import":
            return _import(root, args)
        from generator import build

        if args.command == "check":
            return _check(root, today, args)
        if args.command == "owners":
            return _owners(root, args)
        if args.command == "build":
            result = build.build_site(root, today, site_dir=args.site_dir, strict=not args.no_strict)
            print(f"网站已生成：{result}")
            return 0
        if args.command == "admin":
            from generator.publish.admin import write_admin

            print(write_admin(root, args.out.resolve()))
            return 0
        build.serve(root, today, args.addr, cms=not args.no_cms)
        return 0
    except ValidationFailed as failed:
        print(failed.report(), file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"生成失败：{exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
