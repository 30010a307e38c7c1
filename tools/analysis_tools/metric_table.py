"""Print a mIoU / mAcc / aAcc table from metric JSON files written by tools/test.py.

Usage: python tools/analysis_tools/metric_table.py "row name=path.json" [...]
"""
import argparse
import json


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('rows', nargs='+', help='"name=metrics.json"')
    args = parser.parse_args()
    rows = [row.split('=', 1) for row in args.rows]
    width = max(len(name) for name, _ in rows)
    print(f'| {"model".ljust(width)} |  mIoU |  mAcc |  aAcc |')
    print(f'|{"-" * (width + 2)}|------:|------:|------:|')
    for name, path in rows:
        with open(path) as f:
            m = json.load(f)
        print(f'| {name.ljust(width)} | {m["mIoU"]:5.2f} | {m["mAcc"]:5.2f} '
              f'| {m["aAcc"]:5.2f} |')


if __name__ == '__main__':
    main()
