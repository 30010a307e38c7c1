"""The offline benchmark (README.md here): teachers, no-KD students and KD rows on paired
seeds, with paired gains and their 95 % intervals.

Examples (from the repository root):
    python projects/offline_benchmark/benchmark.py --methods kd cwd
    python projects/offline_benchmark/benchmark.py --methods transkd --seeds 0 1 2
    python projects/offline_benchmark/benchmark.py --methods bckd --split tune
    python projects/offline_benchmark/benchmark.py --quick --methods cwd bckd   # a demonstration
    python projects/offline_benchmark/benchmark.py --report   # rewrite the generated tables
    python projects/offline_benchmark/benchmark.py --task detection --methods bckd-det
"""
import sys

if __name__ == '__main__':
    if '--task' in sys.argv:
        from offline_benchmark.det_cli import main
    else:
        from offline_benchmark.cli import main
    main()
