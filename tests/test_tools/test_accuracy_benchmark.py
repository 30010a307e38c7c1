"""The offline benchmark tool on a 2-iteration schedule and a few generated scenes."""
import argparse
import json
import os
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner

from conftest import REPO, load_analysis_tool


def load_tool():
    return load_analysis_tool('accuracy_benchmark')


@pytest.fixture
def tool(monkeypatch):
    module = load_tool()
    for key, value in dict(num_train=4, num_train_teacher=6, num_eval=3, batch_size=2).items():
        monkeypatch.setitem(module.PROTOCOL, key, value)
    return module


LOADERS = ['train_dataloader', 'val_dataloader', 'test_dataloader']
OPTS = [f'{loader}.{key}' for loader in LOADERS
        for key in ('num_workers=0', 'persistent_workers=False')]


def test_rows_reference_existing_configs_and_rows():
    tool = load_tool()
    names = {row['name'] for row in tool.ROWS}
    for row in tool.ROWS:
        assert osp.isfile(osp.join(REPO, row['config'])), row['config']
        assert row['kind'] in ('teacher', 'student', 'kd')
        if row['kind'] == 'kd':
            assert row['teacher'] in names and row['baseline'] in names
    assert {r['method'] for r in tool.ROWS} >= {'kd', 'cwd', 'transkd', 'heteroakd', 'lix',
                                                'bckd'}


def test_selection_brings_teacher_and_baseline():
    rows = load_tool().select_rows(['cwd'])
    assert [r['kind'] for r in rows] == ['teacher', 'student', 'kd']
    with pytest.raises(ValueError, match="--methods 'cwdd'"):
        load_tool().select_rows(['cwdd'])


def test_row_selection_by_name():
    rows = load_tool().select_rows(['heteroakd'], ['HeteroAKD: DeepLabV3'])
    assert [r['name'] for r in rows] == ['teacher DeepLabV3-R18w32', 'student SegFormer MiT-w16',
                                         'HeteroAKD: DeepLabV3 -> MiT-w16']
    with pytest.raises(ValueError, match="--rows 'nothing'"):
        load_tool().select_rows(None, ['nothing'])


def test_paired_interval():
    stats = load_tool().paired_stats([1.0, 2.0, 3.0])
    half = 4.303 * 1.0 / 3 ** 0.5
    assert stats['mean'] == 2.0 and stats['ci95'] == pytest.approx([2 - half, 2 + half])


def test_run_key_follows_content_not_key_order():
    tool = load_tool()
    a = Config(dict(model=dict(type='A', depth=18), seed=0))
    b = Config(dict(seed=0, model=dict(depth=18, type='A')))
    assert tool.run_key(a, 'cpu') == tool.run_key(b, 'cpu') != tool.run_key(a, 'cuda')
    assert tool.run_key(Config(dict(a.to_dict(), seed=1)), 'cpu') != tool.run_key(a, 'cpu')


def test_results_merge_per_seed():
    tool = load_tool()
    row = next(r for r in tool.ROWS if r['name'] == 'student PSPNet-R18w16')

    def run(seed, miou):
        return dict(seed=seed, miou=miou, miou_curve=[miou], per_class_iou=dict(road=miou),
                    checkpoint=f'seed{seed}.pth', wall_s=10.0)
    old = dict(name=row['name'], config=row['config'], seeds=[0, 1, 2], miou=[1., 2., 3.],
               miou_curve=[[1.], [2.], [3.]], per_class_iou=dict(road=[1., 2., 3.]),
               checkpoints=['a', 'b', 'c'], wall_s=30.0)  # written before wall_s_per_seed
    merged = tool.merge_results({row['name']: dict(row=row, runs=[run(1, 5.)])}, [old])
    runs = merged[row['name']]['runs']
    assert [r['seed'] for r in runs] == [0, 1, 2] and [r['miou'] for r in runs] == [1., 5., 3.]
    assert [r['checkpoint'] for r in runs] == ['a', 'seed1.pth', 'c']
    assert [r['wall_s'] for r in runs] == [10.0, 10.0, 10.0]
    assert tool.runs_of(dict(old, wall_s_per_seed=[5., 5., 20.]))[2]['wall_s'] == 20.


def test_kd_runs_keep_the_student_run_they_were_paired_with():
    """A later session trains a student seed again (slightly different CPU numerics):
    KD runs of the earlier session stay paired with the student run of their session."""
    tool = load_tool()
    rows = {r['name']: r for r in tool.ROWS}
    teacher, student = 'teacher DeepLabV3-R18w32', 'student PSPNet-R18w16'
    kd, cwd = 'KD: DeepLabV3 -> PSPNet', 'CWD: DeepLabV3 -> PSPNet'

    def run(seed, miou, **extra):
        return dict(seed=seed, miou=miou, miou_curve=[miou], per_class_iou=dict(road=miou),
                    checkpoint=f'seed{seed}.pth', wall_s=1.0, **extra)

    def old_row(name, mious, **extra):  # as written before baseline_miou / teacher_miou
        return dict(name=name, config=rows[name]['config'], teacher=rows[name].get('teacher'),
                    baseline=rows[name].get('baseline'), seeds=list(range(len(mious))),
                    miou=mious, miou_curve=[[m] for m in mious],
                    per_class_iou=dict(road=mious), checkpoints=['x'] * len(mious),
                    wall_s=1.0, **extra)
    old = [old_row(teacher, [70.0]), old_row(student, [60.0, 61.0]),
           old_row(kd, [62.0, 63.5], paired_delta=[2.0, 2.5])]
    new = {teacher: dict(row=rows[teacher], runs=[run(0, 70.5)]),
           student: dict(row=rows[student], runs=[run(1, 61.4)]),
           cwd: dict(row=rows[cwd], runs=[run(1, 64.0, baseline_miou=61.4,
                                                teacher_miou=70.5)])}
    args = argparse.Namespace(device='cpu', split='test', quick=False, iters=None)
    table = tool.summarise(tool.merge_results(new, old), args)
    got = {row['name']: row for row in table['rows']}
    assert got[student]['miou'] == [60.0, 61.4]
    assert got[kd]['paired_delta'] == pytest.approx([2.0, 2.5])  # not 63.5 - 61.4
    assert got[kd]['baseline_miou'] == pytest.approx([60.0, 61.0])
    assert got[kd]['teacher_miou'] == [70.0, 70.0]
    assert got[cwd]['paired_delta'] == pytest.approx([2.6])
    assert got[cwd]['teacher_miou'] == [70.5]
    # the written file reads back to the same pairing
    again = tool.summarise(tool.merge_results({}, table['rows']), args)
    assert [r.get('paired_delta') for r in again['rows']] == \
        [r.get('paired_delta') for r in table['rows']]
    note = tool.markdown(table)
    assert '70.00 (2 runs), 70.50 (1 run)' in note


def test_table_json_chart_and_cache(tool, tmp_path, capsys):
    args = ['--methods', 'kd', '--seeds', '0', '1', '--iters', '2', '--data-root',
            str(tmp_path / 'data'), '--work-dir', str(tmp_path / 'wd'), '--out',
            str(tmp_path / 'res'), '--cfg-options', *OPTS]
    table = tool.main(args)
    rows = {r['name']: r for r in table['rows']}
    kd = rows['KD: DeepLabV3 -> PSPNet']
    assert kd['seeds'] == [0, 1] and len(rows['teacher DeepLabV3-R18w32']['miou']) == 1
    student = rows['student PSPNet-R18w16']
    assert kd['paired_delta'] == pytest.approx([a - b for a, b in zip(kd['miou'],
                                                                      student['miou'])])
    assert kd['baseline'] == 'student PSPNet-R18w16' and kd['config'].startswith('configs/kd/')
    assert set(kd['per_class_iou']) == {'road', 'sidewalk', 'building', 'pole', 'vegetation',
                                        'sky', 'car', 'person', 'obstacle', 'poster'}
    saved = json.load(open(tmp_path / 'res.json'))
    assert {'commit', 'date', 'machine', 'protocol', 'rows'} <= set(saved)
    assert (tmp_path / 'res.png').stat().st_size > 0
    assert '| KD: DeepLabV3 -> PSPNet | 2 |' in open(tmp_path / 'res.md').read()
    assert all(osp.isfile(c) for c in kd['checkpoints']) and len(kd['checkpoints']) == 2
    # the figure of what distillation changed, from the same results file
    figure = load_analysis_tool('kd_figure').main([
        str(tmp_path / 'res.json'), '--rows', 'KD: DeepLabV3 -> PSPNet', '--seed', '1',
        '--images', '2', '--out', str(tmp_path / 'fig.png')])
    assert osp.getsize(figure) > 10_000
    # BCKD's boundary metric (LHD) of the same checkpoints, paired with the student's
    lhd_tool = load_analysis_tool('boundary_benchmark')
    lhd_args = ['--results', str(tmp_path / 'res.json'), '--rows', 'KD:', '--out',
                str(tmp_path / 'lhd')]
    lhd = {r['name']: r for r in lhd_tool.main(lhd_args)['rows']}
    assert set(lhd) == {'KD: DeepLabV3 -> PSPNet', 'student PSPNet-R18w16'}
    assert all(v >= 0 for r in lhd.values() for v in r['lhd'])
    kd_lhd, base_lhd = lhd['KD: DeepLabV3 -> PSPNet'], lhd['student PSPNet-R18w16']
    assert kd_lhd['paired_delta'] == pytest.approx(
        [a - b for a, b in zip(kd_lhd['lhd'], base_lhd['lhd'])])
    lhd_tool.evaluate = None  # measured checkpoints are read back, not evaluated again
    assert {r['name']: r['lhd'] for r in lhd_tool.main(lhd_args)['rows']} == \
        {name: r['lhd'] for name, r in lhd.items()}
    capsys.readouterr()
    again = tool.main(args)  # every run comes from the cache
    assert capsys.readouterr().out.count('(cached)') == 5
    assert again['rows'][2]['miou'] == kd['miou']
    # a run whose recorded source file changed is trained again, the old one kept aside
    done = sorted((tmp_path / 'wd' / 'kd--deeplabv3----pspnet').glob('seed0-*/result.json'))
    result = json.load(open(done[0]))
    assert 'mmkd_ext/models/losses/kd_masked_pixel_kl.py' in result['code']
    result['code']['mmkd_ext/models/losses/kd_masked_pixel_kl.py'] = 'an older version'
    json.dump(result, open(done[0], 'w'))
    tool.main(args)
    out = capsys.readouterr().out
    assert out.count('(cached)') == 4 and 'kd_masked_pixel_kl.py' in out
    assert osp.isdir(str(done[0].parent) + '.stale-0')
    # a refactor with evidence keeps the run and records what changed and why
    result = json.load(open(done[0]))
    result['code']['mmkd_ext/models/losses/kd_masked_pixel_kl.py'] = 'an older version'
    json.dump(result, open(done[0], 'w'))
    tool.main(args + ['--carry-over-code', 'bit-identical 3-iteration training'])
    out = capsys.readouterr().out
    assert out.count('(cached)') == 5 and 'code record carried over' in out
    kept = json.load(open(done[0]))
    seed1 = next((tmp_path / 'wd' / 'kd--deeplabv3----pspnet').glob('seed1-*/result.json'))
    assert kept['code'] == json.load(open(seed1))['code']
    assert kept['code_carried_over'][-1]['files'] == ['mmkd_ext/models/losses/kd_masked_pixel_kl.py']
    with pytest.raises(SystemExit):
        tool.parse_args(['--carry-over-code', ' '])
    # the tune split reuses every trained run and evaluates its final checkpoint there
    runs_before = sorted(p.name for p in (tmp_path / 'wd').glob('*/seed*'))
    tune = tool.main(args + ['--split', 'tune', '--out', str(tmp_path / 'tune')])
    assert capsys.readouterr().out.count('(cached)') == 5
    assert sorted(p.name for p in (tmp_path / 'wd').glob('*/seed*')) == runs_before
    kd_tune = {r['name']: r for r in tune['rows']}['KD: DeepLabV3 -> PSPNet']
    evaluated = [json.load(open(d.parent / 'result_tune.json'))
                 for d in sorted((tmp_path / 'wd' / 'kd--deeplabv3----pspnet').glob(
                     'seed*-*/result.json')) if '.stale-' not in str(d)]
    assert kd_tune['miou'] == [e['miou'] for e in evaluated]
    assert kd_tune['per_class_iou']['road'] == [e['per_class_iou']['road'] for e in evaluated]
    assert json.load(open(tmp_path / 'tune.json'))['protocol']['split'] == 'tune'


def test_code_record_follows_the_types_a_config_uses():
    tool = load_tool()
    plain = tool.code_record(Config.fromfile(osp.join(REPO, tool.ROWS[3]['config'])))
    kd = tool.code_record(Config.fromfile(osp.join(REPO, tool.ROWS[5]['config'])))
    bckd = tool.code_record(Config.fromfile(osp.join(REPO, next(
        r['config'] for r in tool.ROWS if r['name'].startswith('BCKD:')))))
    assert 'mmkd_ext/compat.py' in plain and 'mmkd_ext/datasets/offline_street.py' in plain
    assert not any('models/' in path for path in plain)
    assert 'mmkd_ext/models/algorithms/frozen_teacher_distill.py' in kd
    assert not any('bckd' in path for path in kd)
    assert {'mmkd_ext/models/losses/bckd_context.py',                # through a helper
            'mmkd_ext/models/losses/bckd_temperature.py',
            'mmkd_ext/models/connectors/bckd_teacher_fusion.py'} <= set(bckd)
    assert not any(path.startswith('mmkd_ext/cli/') for path in bckd)


def test_student_and_kd_runs_share_the_initialisation(tool, tmp_path):
    """Paired seeds: the no-KD student and the KD run start from the same weights."""
    roots = tool.prepare_data(str(tmp_path / 'data'))
    rows = {r['name']: r for r in tool.ROWS}
    student, kd = rows['student PSPNet-R18w16'], rows['CWD: DeepLabV3 -> PSPNet']
    init = tool.save_student_init(osp.join(REPO, student['config']), 3,
                                  str(tmp_path / 'init.pth'))
    weights = []
    for row in (student, kd):
        cfg = tool.apply_protocol(
            Config.fromfile(osp.join(REPO, row['config'])), kind=row['kind'], iters=2, seed=3,
            roots=roots, split='test', student_init=init, teacher_ckpt=None, device='cpu')
        cfg.merge_from_dict({loader: dict(num_workers=0, persistent_workers=False)
                             for loader in LOADERS})
        cfg.work_dir = str(tmp_path / row['kind'])
        runner = Runner.from_cfg(cfg)
        runner.model.init_weights()
        model = runner.model.student if row['kind'] == 'kd' else runner.model
        weights.append(model.state_dict())
    assert list(weights[0]) == list(weights[1])
    for key in weights[0]:
        assert torch.equal(weights[0][key], weights[1][key]), key
    assert cfg.val_dataloader.dataset.data_root == roots['test']
    assert cfg.train_cfg.max_iters == 2 and cfg.val_evaluator.type == 'PerClassIoUMetric'


def test_protocol_settings_and_quick_path():
    tool = load_tool()
    roots = dict(train='tr', teacher='te', tune='tu', test='ts')
    rows = {r['name']: r for r in tool.ROWS}
    teacher = Config.fromfile(osp.join(REPO, rows['teacher DeepLabV3-R18w32']['config']))
    cfg = tool.apply_protocol(teacher, kind='teacher', iters=6000, seed=0, roots=roots,
                              split='tune', student_init=None, teacher_ckpt=None, device='cpu')
    assert cfg.train_dataloader.dataset.data_root == 'te'  # the teachers' larger split
    assert cfg.val_dataloader.dataset.data_root == 'tu'
    assert (cfg.train_cfg.val_begin, cfg.train_cfg.val_interval) == (4800, 1200)
    assert cfg.param_scheduler[0].end == 6000 and cfg.randomness.seed == 0
    assert 'indices' not in cfg.val_dataloader.dataset
    quick = tool.apply_protocol(teacher, kind='teacher', iters=20, seed=0, roots=roots,
                                split='test', student_init=None, teacher_ckpt=None,
                                device='cpu', quick=True)
    assert quick.val_dataloader.dataset.indices == tool.PROTOCOL['quick_eval_images']
    assert quick.train_cfg.val_begin == 20  # one evaluation, at the end


def test_candidate_protocol_has_its_own_student_split(tool, tmp_path, monkeypatch):
    candidate = tool.CANDIDATES[0]
    for key, value in dict(num_train=2, num_train_teacher=3, num_eval=1).items():
        monkeypatch.setitem(candidate, key, value)
    monkeypatch.setattr(tool, 'PROTOCOL', tool.PROTOCOL)  # restored after the test
    tool.use_protocol(candidate['name'])
    assert tool.PROTOCOL is candidate
    roots = tool.prepare_data(str(tmp_path))
    assert roots['train'] == osp.join(str(tmp_path), candidate['train_root'])
    ann = osp.join('ann_dir', 'train')
    assert sorted(os.listdir(osp.join(roots['train'], ann))) == ['00000.png', '00001.png']
    assert len(os.listdir(osp.join(roots['teacher'], ann))) == 3
    for name in ('00000.png', '00001.png'):  # the student's scenes are the teacher's first
        with open(osp.join(roots['train'], ann, name), 'rb') as a, \
                open(osp.join(roots['teacher'], ann, name), 'rb') as b:
            assert a.read() == b.read()
    tool.use_protocol(tool.V1['name'])
    assert tool.PROTOCOL is tool.V1 and tool.V1['train_root'] == 'train'
    with pytest.raises(SystemExit):
        tool.parse_args(['--protocol', 'offline-street-v9'])


def test_readme_section_is_replaced_between_markers(tmp_path):
    tool = load_tool()
    table = dict(protocol=dict(name='p', split='test'), machine='m', date='d', commit='c',
                 rows=[dict(name='student X', miou=[50.0, 52.0], miou_curve=[[49.5, 50.0]],
                            wall_s=60, per_class_iou={'road': [90.0, 91.0]})])
    readme = tmp_path / 'README.md'
    readme.write_text(f'# t\n{tool.README_START}\nold table\n{tool.README_END}\nafter\n')
    assert tool.update_readme(table, str(readme))
    text = readme.read_text()
    assert 'old table' not in text and '| student X | 2 | 51.00 ± 1.41 |' in text
    assert text.endswith(f'{tool.README_END}\nafter\n') and 'Per-class' not in text
    plain = tmp_path / 'plain.md'
    plain.write_text('no markers')
    assert not tool.update_readme(table, str(plain)) and plain.read_text() == 'no markers'
