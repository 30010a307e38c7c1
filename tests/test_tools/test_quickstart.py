"""The main job on a 2-iteration schedule: a paper method next to the baselines, a concise
console, the table and the figure."""
import json
import os
import os.path as osp
import subprocess

from conftest import REPO


def test_quickstart_shows_a_paper_method_table_and_figure(tmp_path):
    env = dict(os.environ, QUICKSTART_ITERS='2', QUICKSTART_DIR=str(tmp_path / 'wd'),
               QUICKSTART_DATA=str(tmp_path / 'data'), OMP_NUM_THREADS='2')
    proc = subprocess.run(['bash', osp.join(REPO, 'tools', 'quickstart.sh')], cwd=REPO,
                          env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    assert len(lines) < 100, proc.stdout
    assert lines[0].startswith('[1/3] install') and any(line.startswith('[3/3]')
                                                        for line in lines)
    table = json.load(open(tmp_path / 'wd' / 'quick.json'))
    names = [row['name'] for row in table['rows']]
    assert names == ['teacher DeepLabV3-R18w32', 'student PSPNet-R18w16',
                     'CWD: DeepLabV3 -> PSPNet', 'BCKD: DeepLabV3 -> PSPNet']
    # the last table: the quick numbers beside the converged benchmark's rows
    assert 'judge a method by the converged benchmark' in proc.stdout
    bckd = next(line for line in lines if line.startswith('| BCKD: DeepLabV3 -> PSPNet |'))
    assert bckd.count('|') == 4 and '[' in bckd.split('|')[3]   # stored gain with its interval
    timing = json.load(open(tmp_path / 'wd' / 'timing.json'))
    assert timing['total_s'] >= timing['install_s'] >= 0
    figure = tmp_path / 'wd' / 'quick_figure.png'
    assert f'figure: {figure}' in proc.stdout and figure.stat().st_size > 10_000
    assert proc.stdout.count('warn') == 0            # library warnings go to the log
