"""Command line: `python -m nnlesson check` verifies that this computer is ready for the lessons."""

from __future__ import annotations

import argparse
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m nnlesson",
                                     description="nnlesson: interactive lessons on how a neural network learns.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("check", help="check Python, packages, the JupyterLab widget front-end, the data files "
                                 "and nnlesson itself; exit code 1 if something must be fixed")
    args = parser.parse_args(argv)
    if args.command == "check":
        from .check import main as check_main
        return check_main()
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
