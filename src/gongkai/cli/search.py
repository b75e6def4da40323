"""``gongkai search``: query or rebuild the search index."""

from __future__ import annotations

import json

import click

from gongkai.cli.app import _RichProgress, _setup, main


# ---------------------------------------------------------------------------------------------- search
@main.command()
@click.argument("words", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000), help="最多显示的条数。")
def search(words: tuple[str, ...], as_json: bool, limit: int) -> None:
    """一网通搜：gongkai search "检索词" [--json]；gongkai search reindex 重建索引。"""
    _setup()
    if words == ("reindex",):
        from gongkai.core.context import Actor
        from gongkai.search.services import search_reindex

        with _RichProgress() as progress:
            progress.start("重建索引", 0)
            n = search_reindex(actor=Actor.system("reindex"), progress=progress.advance)
        click.echo(f"已索引{n}件")
        return
    from gongkai.search import selectors

    result = selectors.search(" ".join(words))
    hits = result.hits[:limit]
    if as_json:
        data = {
            "total": result.total,
            "exact": result.exact,
            "did_you_mean": result.did_you_mean,
            "hits": [{"key": h.key, "kind": h.kind, "title": h.title, "url": h.url, "snippet": h.snippet,
                      "score": h.score} for h in hits],
            "facets": {f.name: [[v, label, n] for v, label, n in f.values] for f in result.facets},
        }  # fmt: skip
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"共{result.total}条")
    for h in hits:
        click.echo(f"{h.title}  {h.url}\n    {h.snippet}")
    if not hits:
        click.echo("没有找到结果" + (f"。您是不是要找：{result.did_you_mean}" if result.did_you_mean else ""))
