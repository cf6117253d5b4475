#!/usr/bin/env bash
# 学雷锋志愿服务活动门户：检查 → 测试 → 生成 → 用 rsync 上传到自己的 nginx 服务器。
#
# 每次发布上传到服务器上的一个新目录 releases/<时间>/，全部传完后才把 current 链接
# 一次性切换过去（ln -sfn 到临时名 + mv -T），访问者不会看到传了一半的网站。
# 保留最近 KEEP_RELEASES 个版本，可随时回退。任何一步失败都不会改动线上网站。
#
# 用法（在项目目录里运行）：
#   DEPLOY_TARGET=deploy@www.example.gov.cn:/srv/portal deploy/rsync-nginx.sh    发布
#   DEPLOY_TARGET=... deploy/rsync-nginx.sh --list                                列出服务器上的版本
#   DEPLOY_TARGET=... deploy/rsync-nginx.sh --rollback [版本名]                   回退到上一个（或指定）版本
#
# 服务器目录结构（nginx 的 root 指向 /srv/portal/current，见 deploy/nginx.conf）：
#   /srv/portal/releases/20260305-002000-123/   每次发布一个目录
#   /srv/portal/current -> releases/20260305-002000-123
#
# 环境变量：
#   DEPLOY_TARGET   必填。user@host:/srv/portal（经 ssh 上传），或本机路径 /srv/portal
#   KEEP_RELEASES   保留几个版本，默认 5（至少 1）
#   DEPLOY_SSH      ssh 命令，默认 ssh；例如 "ssh -p 2222 -i /home/deploy/.ssh/portal_ed25519"
#   PROJECT_DIR     项目目录，默认为本脚本的上一级目录
#   SITE_DIR        生成的网站放在哪里，默认 $PROJECT_DIR/site
#   PORTAL_TODAY    假定今天的日期 YYYY-MM-DD；默认取北京时间的今天
#   PORTAL_TESTS    要运行的测试（pytest 参数），默认为不依赖示例内容和浏览器的一组；
#                   写 site_tests 则运行全部测试（需要 Chromium：scripts/setup --test）
#   SKIP_SETUP=1    不运行 scripts/setup（服务器不能访问软件源时；需事先装好 .venv）
#   SKIP_TESTS=1    不运行测试（portal check 和 portal build 仍会运行）
#   SKIP_BUILD=1    不检查、不测试、不生成，直接上传 SITE_DIR 里已生成好的网站
#   PORTAL, PYTHON  portal 命令和 Python，默认 $PROJECT_DIR/.venv/bin/ 下的
#   LOCK_WAIT       另一次发布正在进行时最多等待的秒数，默认 1800
#
# 每天定时重建（让设了 publish: 日期的内容按时出现、到了 expires: 的内容移入归档），
# crontab -e 加一行（服务器时区为北京时间时；时区是 UTC 的服务器把 "20 0" 改成 "20 16"）：
#   20 0 * * * cd /srv/portal-src && git pull --ff-only -q && DEPLOY_TARGET=/srv/portal deploy/rsync-nginx.sh >>/var/log/portal-deploy.log 2>&1
set -euo pipefail

say() { printf '【发布】%s\n' "$*"; }
die() { printf '【发布失败】%s\n' "$*" >&2; exit 1; }
if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
  sed -n '2,/^set -euo pipefail/{/^set /d;s/^# \{0,1\}//;p;}' "${BASH_SOURCE[0]}"
  exit 0
fi

PROJECT_DIR=${PROJECT_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
PROJECT_DIR=$(cd "$PROJECT_DIR" && pwd) || die "项目目录 PROJECT_DIR 不存在。"
SITE_DIR=${SITE_DIR:-$PROJECT_DIR/site}
KEEP_RELEASES=${KEEP_RELEASES:-5}
DEPLOY_SSH=${DEPLOY_SSH:-ssh}
PORTAL=${PORTAL:-$PROJECT_DIR/.venv/bin/portal}
PYTHON=${PYTHON:-$PROJECT_DIR/.venv/bin/python}
# 不依赖示例内容（各地会换成自己的方案）也不需要浏览器的测试：生成器在本项目自带的小样例上的
# 全部行为，包括与标准输出逐字比较（依赖包按版本范围安装，升级后输出变了就会在这里发现）。
PORTAL_TESTS=${PORTAL_TESTS:-site_tests/test_validation.py site_tests/test_yamlsource.py site_tests/test_timing.py site_tests/test_keydays.py site_tests/test_writer.py site_tests/test_golden.py site_tests/test_editorial.py --deselect site_tests/test_golden.py::test_demo_markdown_keeps_blocks_apart}
LOCK_WAIT=${LOCK_WAIT:-1800}
# “今天”按北京时间算：publish:/expires: 的日期以此为准。
export TZ=Asia/Shanghai

[ -n "${DEPLOY_TARGET:-}" ] || die "请设置 DEPLOY_TARGET，例如 DEPLOY_TARGET=deploy@www.example.gov.cn:/srv/portal（或本机路径 /srv/portal）。"
[[ "$KEEP_RELEASES" =~ ^[1-9][0-9]*$ ]] || die "KEEP_RELEASES 应为不小于 1 的整数，现在是“$KEEP_RELEASES”。"

# user@host:/path 或 host:/path 是远程服务器；以 / 或 . 开头、或不含冒号的是本机路径。
if [[ "$DEPLOY_TARGET" =~ ^[^/.][^/]*: ]]; then
  REMOTE_HOST=${DEPLOY_TARGET%%:*}
  BASE=${DEPLOY_TARGET#*:}
  RSYNC_DEST="$REMOTE_HOST:$BASE"
else
  REMOTE_HOST=""
  BASE=$DEPLOY_TARGET
  RSYNC_DEST=$BASE
fi
BASE=${BASE%/}
if [ -z "$REMOTE_HOST" ] && [ -n "$BASE" ] && [ "${BASE:0:1}" != / ]; then
  BASE="$PWD/$BASE"; RSYNC_DEST=$BASE  # 本机相对路径：按启动脚本时的当前目录
fi
[ -n "$BASE" ] || die "DEPLOY_TARGET 里缺少服务器上的目录，例如 deploy@www.example.gov.cn:/srv/portal。"
read -r -a SSH_CMD <<<"$DEPLOY_SSH"

# 在服务器上（或本机目标目录里）用 bash 运行一段脚本；脚本从标准输入传过去，不经过 ssh 的参数拼接。
at_target() {
  if [ -n "$REMOTE_HOST" ]; then
    printf '%s\n' "$1" | "${SSH_CMD[@]}" "$REMOTE_HOST" bash -s
  else
    printf '%s\n' "$1" | bash -s
  fi
}

q() { printf '%q' "$1"; }

# 服务器端公用的函数：列出版本、切换 current。
TARGET_LIB=$(cat <<EOF
set -eu
base=$(q "$BASE")
releases() { ls -1 "\$base/releases" 2>/dev/null | grep -E '^[0-9]{8}-[0-9]{6}(-[0-9]+)?\$' | sort || true; }
current() { r=\$(readlink "\$base/current" 2>/dev/null || true); printf '%s' "\${r##*/}"; }
switch_to() {
  test -f "\$base/releases/\$1/index.html" || { echo "版本 \$1 不完整（缺少 index.html），未切换。" >&2; exit 1; }
  ln -sfn "releases/\$1" "\$base/.current.\$1"
  mv -T "\$base/.current.\$1" "\$base/current"
}
EOF
)

lock() {
  mkdir -p "$PROJECT_DIR/.portal"
  exec 9>"$PROJECT_DIR/.portal/deploy.lock"
  if ! flock -n 9; then
    say "另一次发布正在进行，等待它结束（最多 ${LOCK_WAIT} 秒）……"
    flock -w "$LOCK_WAIT" 9 || die "等待另一次发布超时，本次未发布。"
  fi
}

build() {
  cd "$PROJECT_DIR"
  local today=${PORTAL_TODAY:-$(date +%F)}
  if [ "${SKIP_SETUP:-0}" != 1 ]; then
    say "安装或更新依赖（scripts/setup）……"
    scripts/setup || die "安装依赖失败（需要能访问 PyPI、npm 和 Debian 软件源），线上网站没有改动。"
    if [ "${SKIP_TESTS:-0}" != 1 ]; then
      "$PYTHON" -m pip install --quiet --disable-pip-version-check -e ".[test]" \
        || die "安装测试用的 Python 包失败，线上网站没有改动。"
    fi
  fi
  say "检查内容（portal check，今天按 $today 计算）……"
  "$PORTAL" --project "$PROJECT_DIR" --today "$today" check \
    || die "内容检查未通过，请按上面列出的文件、行号修改后再发布。线上网站没有改动。"
  if [ "${SKIP_TESTS:-0}" != 1 ]; then
    say "运行测试……"
    # shellcheck disable=SC2086  # PORTAL_TESTS 是以空格分隔的多个参数
    "$PYTHON" -m pytest -q -p no:cacheprovider $PORTAL_TESTS \
      || die "测试未通过，线上网站没有改动。请把上面的输出发给技术支持。"
  fi
  say "生成网站（portal build）……"
  "$PORTAL" --project "$PROJECT_DIR" --today "$today" build --site-dir "$SITE_DIR" \
    || die "网站生成失败，线上网站没有改动。"
}

deploy() {
  lock
  if [ "${SKIP_BUILD:-0}" = 1 ]; then
    say "SKIP_BUILD=1：不检查、不生成，直接上传 $SITE_DIR"
  else
    build
  fi
  [ -f "$SITE_DIR/index.html" ] || die "$SITE_DIR 里没有 index.html，不是完整生成的网站，未上传。"
  command -v rsync >/dev/null 2>&1 || die "本机没有 rsync，请先安装（Debian/Ubuntu：apt-get install rsync；服务器上也需要 rsync）。"

  local release
  release=$(date +%Y%m%d-%H%M%S-%3N)
  local partial="releases/.$release.partial"
  say "准备服务器目录 $DEPLOY_TARGET ……"
  local has_current
  has_current=$(at_target "$TARGET_LIB
mkdir -p \"\$base/releases\"
# 清理一天前中断的上传留下的半成品
find \"\$base/releases\" -mindepth 1 -maxdepth 1 -name '.*.partial' -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
if [ -n \"\$(current)\" ] && [ -d \"\$base/current/\" ]; then echo yes; else echo no; fi" | tail -n 1) \
    || die "无法访问 $DEPLOY_TARGET（检查 ssh 密钥、目录权限），线上网站没有改动。"

  # 内容与当前版本相同的文件（--checksum 按内容比较）做成硬链接（--link-dest），每天重建只占用
  # 改动部分的空间和流量；不保留生成时间（无 -t），没改动的文件保持原修改时间，浏览器缓存继续有效。
  # 权限统一为目录 755、文件 644，nginx 才能读取（portal build 生成的 site/ 目录本身是 700）。
  local rsync_args=(-rl --checksum --delete --chmod=D755,F644)
  [ "$has_current" = yes ] && rsync_args+=(--link-dest=../../current/)
  [ -n "$REMOTE_HOST" ] && rsync_args+=(-e "$DEPLOY_SSH")
  say "上传新版本 $release ……"
  rsync "${rsync_args[@]}" "$SITE_DIR/" "$RSYNC_DEST/$partial/" \
    || die "上传中断，线上网站没有改动（半成品会在以后的发布中自动清理）。"

  at_target "$TARGET_LIB
release=$(q "$release")
keep=$KEEP_RELEASES
mv -T \"\$base/$partial\" \"\$base/releases/\$release\"
switch_to \"\$release\"
# 只保留最近 keep 个版本（当前版本永远保留）
releases | sort -r | tail -n +\$((keep + 1)) | while read -r old; do
  [ \"\$old\" = \"\$(current)\" ] || rm -rf -- \"\$base/releases/\$old\"
done" || die "切换版本失败，线上网站保持原样。"
  say "发布完成：$DEPLOY_TARGET/current -> releases/$release（保留最近 $KEEP_RELEASES 个版本）"
}

list() {
  at_target "$TARGET_LIB
cur=\$(current)
for r in \$(releases); do
  if [ \"\$r\" = \"\$cur\" ]; then echo \"\$r  ← 当前线上版本\"; else echo \"\$r\"; fi
done
[ -n \"\$(releases)\" ] || echo '服务器上还没有任何版本。'"
}

rollback() {
  lock
  local wanted=${1:-}
  [ -z "$wanted" ] || [[ "$wanted" =~ ^[0-9]{8}-[0-9]{6}(-[0-9]+)?$ ]] || die "版本名“$wanted”格式不对，请用 --list 查看。"
  at_target "$TARGET_LIB
wanted=$(q "$wanted")
cur=\$(current)
if [ -z \"\$wanted\" ]; then
  wanted=\$(releases | awk -v cur=\"\$cur\" '\$0 == cur { print prev; exit } { prev = \$0 }')
  [ -n \"\$wanted\" ] || { echo '没有比当前版本更早的版本，无法回退。' >&2; exit 1; }
fi
[ -d \"\$base/releases/\$wanted\" ] || { echo \"没有版本 \$wanted，请用 --list 查看。\" >&2; exit 1; }
switch_to \"\$wanted\"
echo \"已回退：current -> releases/\$wanted（原来是 \$cur）\"" || die "回退失败，线上网站保持原样。"
  say "注意：下一次发布（包括每天的定时重建）会重新发布 git 里的最新内容；要长期撤下内容，请在 git 里改回去。"
}

case "${1:-}" in
  "") deploy ;;
  --list) list ;;
  --rollback) rollback "${2:-}" ;;
  *) die "不认识的参数“$1”。用法：deploy/rsync-nginx.sh [--list | --rollback [版本名] | --help]" ;;
esac
