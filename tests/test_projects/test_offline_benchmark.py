"""The offline benchmark project: its harness on a 2-iteration schedule and a few generated
scenes, its configs, and the documents its results file writes."""
import dataclasses
import glob
import json
import os
import os.path as osp

import pytest
import torch
import yaml
from mmengine.config import Config
from mmengine.runner import Runner

from conftest import REPO, load_analysis_tool

from offline_benchmark import cli, documents, protocol, report, rows, runs

PROJECT = osp.join(REPO, 'projects', 'offline_benchmark')

ALL = rows.all_rows()
SMALL = dataclasses.replace(protocol.V1, num_train=4, num_train_teacher=6, num_eval=3,
                            batch_size=2)
LOADERS = ['train_dataloader', 'val_dataloader', 'test_dataloader']
OPTS = [f'{loader}.{key}' for loader in LOADERS
        for key in ('num_workers=0', 'persistent_workers=False')]
PROJECT_CONFIGS = sorted(osp.relpath(p, REPO) for p in glob.glob(
    osp.join(PROJECT, 'configs', '**', '*.py'), recursive=True) if '_base_' not in p)


def main(argv):
    return cli.main(argv, protocols={SMALL.name: SMALL})


def test_rows_reference_existing_configs_and_rows():
    names = [row['name'] for row in ALL]
    assert len(names) == len(set(names))
    for row in ALL:
        assert osp.isfile(osp.join(REPO, row['config'])), row['config']
        assert row['kind'] in ('teacher', 'student', 'kd')
        if row['kind'] == 'kd':
            assert row['teacher'] in names and row['baseline'] in names
    assert {r['method'] for r in rows.ROWS} >= {'kd', 'cwd', 'transkd', 'heteroakd', 'lix',
                                                'bckd'}
    # the reported rows run configs a user runs; the development rows run this project's
    assert all(r['config'].startswith('configs/') for r in rows.ROWS)
    dev = [r for r in ALL if r not in rows.ROWS]
    assert dev and not any(r.get('headline') for r in dev)
    assert all(r['config'].startswith(('projects/offline_benchmark/configs/', 'configs/tiny/'))
               for r in dev)
    assert {osp.relpath(osp.join(REPO, r['config']), REPO) for r in dev
            if r['config'].startswith('projects/')} <= set(PROJECT_CONFIGS)


def test_selection_brings_teacher_and_baseline():
    chosen = rows.select_rows(ALL, ['cwd'])
    assert [r['kind'] for r in chosen] == ['teacher', 'student', 'kd']
    with pytest.raises(ValueError, match="--methods 'cwdd'"):
        rows.select_rows(ALL, ['cwdd'])


def test_row_selection_by_name():
    chosen = rows.select_rows(ALL, ['heteroakd'], ['HeteroAKD: DeepLabV3'])
    assert [r['name'] for r in chosen] == ['teacher DeepLabV3-R18w32',
                                           'student SegFormer MiT-w16',
                                           'HeteroAKD: DeepLabV3 -> MiT-w16']
    with pytest.raises(ValueError, match="--rows 'nothing'"):
        rows.select_rows(ALL, None, ['nothing'])


def test_paired_interval():
    stats = report.paired_stats([1.0, 2.0, 3.0])
    half = 4.303 * 1.0 / 3 ** 0.5
    assert stats['mean'] == 2.0 and stats['ci95'] == pytest.approx([2 - half, 2 + half])


def test_run_key_follows_content_not_key_order():
    a = Config(dict(model=dict(type='A', depth=18), seed=0))
    b = Config(dict(seed=0, model=dict(depth=18, type='A')))
    assert runs.run_key(a, 'cpu') == runs.run_key(b, 'cpu') != runs.run_key(a, 'cuda')
    assert runs.run_key(Config(dict(a.to_dict(), seed=1)), 'cpu') != runs.run_key(a, 'cpu')


def test_results_merge_per_seed():
    row = next(r for r in ALL if r['name'] == 'student PSPNet-R18w16')

    def run(seed, miou):
        return dict(seed=seed, miou=miou, miou_curve=[miou], per_class_iou=dict(road=miou),
                    checkpoint=f'seed{seed}.pth', wall_s=10.0)
    old = dict(name=row['name'], config=row['config'], seeds=[0, 1, 2], miou=[1., 2., 3.],
               miou_curve=[[1.], [2.], [3.]], per_class_iou=dict(road=[1., 2., 3.]),
               checkpoints=['a', 'b', 'c'], wall_s=30.0)  # written before wall_s_per_seed
    merged = report.merge_results({row['name']: dict(row=row, runs=[run(1, 5.)])}, [old], ALL)
    runs = merged[row['name']]['runs']
    assert [r['seed'] for r in runs] == [0, 1, 2] and [r['miou'] for r in runs] == [1., 5., 3.]
    assert [r['checkpoint'] for r in runs] == ['a', 'seed1.pth', 'c']
    assert [r['wall_s'] for r in runs] == [10.0, 10.0, 10.0]
    assert report.runs_of(dict(old, wall_s_per_seed=[5., 5., 20.]))[2]['wall_s'] == 20.


def test_kd_runs_keep_the_student_run_they_were_paired_with():
    """A later invocation trains a student seed again (slightly different CPU numerics):
    earlier KD runs stay paired with the student run trained beside them."""
    by_name = {r['name']: r for r in ALL}
    teacher, student = 'teacher DeepLabV3-R18w32', 'student PSPNet-R18w16'
    kd, cwd = 'KD: DeepLabV3 -> PSPNet', 'CWD: DeepLabV3 -> PSPNet'

    def run(seed, miou, **extra):
        return dict(seed=seed, miou=miou, miou_curve=[miou], per_class_iou=dict(road=miou),
                    checkpoint=f'seed{seed}.pth', wall_s=1.0, **extra)

    def old_row(name, mious, **extra):  # as written before baseline_miou / teacher_miou
        return dict(name=name, config=by_name[name]['config'],
                    teacher=by_name[name].get('teacher'),
                    baseline=by_name[name].get('baseline'), seeds=list(range(len(mious))),
                    miou=mious, miou_curve=[[m] for m in mious],
                    per_class_iou=dict(road=mious), checkpoints=['x'] * len(mious),
                    wall_s=1.0, **extra)
    old = [old_row(teacher, [70.0]), old_row(student, [60.0, 61.0]),
           old_row(kd, [62.0, 63.5], paired_delta=[2.0, 2.5])]
    new = {teacher: dict(row=by_name[teacher], runs=[run(0, 70.5)]),
           student: dict(row=by_name[student], runs=[run(1, 61.4)]),
           cwd: dict(row=by_name[cwd], runs=[run(1, 64.0, baseline_miou=61.4,
                                                   teacher_miou=70.5)])}
    settings = dict(device='cpu', split='test', quick=False, iters=None)
    table = report.summarise(report.merge_results(new, old, ALL), protocol.V1, **settings)
    got = {row['name']: row for row in table['rows']}
    assert got[student]['miou'] == [60.0, 61.4]
    assert got[kd]['paired_delta'] == pytest.approx([2.0, 2.5])  # not 63.5 - 61.4
    assert got[kd]['baseline_miou'] == pytest.approx([60.0, 61.0])
    assert got[kd]['teacher_miou'] == [70.0, 70.0]
    assert got[cwd]['paired_delta'] == pytest.approx([2.6])
    assert got[cwd]['teacher_miou'] == [70.5]
    # the written file reads back to the same pairing
    again = report.summarise(report.merge_results({}, table['rows'], ALL), protocol.V1,
                             **settings)
    assert [r.get('paired_delta') for r in again['rows']] == \
        [r.get('paired_delta') for r in table['rows']]
    note = report.markdown(table)
    assert '70.00 (2 runs), 70.50 (1 run)' in note


def test_table_json_chart_and_cache(tmp_path, capsys):
    args = ['--methods', 'kd', '--seeds', '0', '1', '--iters', '2', '--data-root',
            str(tmp_path / 'data'), '--work-dir', str(tmp_path / 'wd'), '--out',
            str(tmp_path / 'res'), '--cfg-options', *OPTS]
    table = main(args)
    got = {r['name']: r for r in table['rows']}
    kd = got['KD: DeepLabV3 -> PSPNet']
    assert kd['seeds'] == [0, 1] and len(got['teacher DeepLabV3-R18w32']['miou']) == 1
    student = got['student PSPNet-R18w16']
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
    again = main(args)  # every run comes from the cache
    assert capsys.readouterr().out.count('(cached)') == 5
    assert again['rows'][2]['miou'] == kd['miou']
    # a run whose recorded source file changed is trained again, the old one kept aside
    done = sorted((tmp_path / 'wd' / 'kd--deeplabv3----pspnet').glob('seed0-*/result.json'))
    result = json.load(open(done[0]))
    assert 'mmkd_ext/models/losses/kd_masked_pixel_kl.py' in result['code']
    result['code']['mmkd_ext/models/losses/kd_masked_pixel_kl.py'] = 'an older version'
    json.dump(result, open(done[0], 'w'))
    main(args)
    out = capsys.readouterr().out
    assert out.count('(cached)') == 4 and 'kd_masked_pixel_kl.py' in out
    assert osp.isdir(str(done[0].parent) + '.stale-0')
    # a refactor with evidence keeps the run and records what changed and why
    result = json.load(open(done[0]))
    result['code']['mmkd_ext/models/losses/kd_masked_pixel_kl.py'] = 'an older version'
    json.dump(result, open(done[0], 'w'))
    main(args + ['--carry-over-code', 'bit-identical 3-iteration training'])
    out = capsys.readouterr().out
    assert out.count('(cached)') == 5 and 'code record carried over' in out
    kept = json.load(open(done[0]))
    seed1 = next((tmp_path / 'wd' / 'kd--deeplabv3----pspnet').glob('seed1-*/result.json'))
    assert kept['code'] == json.load(open(seed1))['code']
    assert kept['code_carried_over'][-1]['files'] == ['mmkd_ext/models/losses/kd_masked_pixel_kl.py']
    with pytest.raises(SystemExit):
        cli.parse_args(['--carry-over-code', ' '], protocol.PROTOCOLS)
    # the tune split reuses every trained run and evaluates its final checkpoint there
    runs_before = sorted(p.name for p in (tmp_path / 'wd').glob('*/seed*'))
    tune = main(args + ['--split', 'tune', '--out', str(tmp_path / 'tune')])
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
    by_name = {r['name']: r for r in ALL}

    def record(name):
        return runs.code_record(Config.fromfile(osp.join(REPO, by_name[name]['config'])))
    plain, kd = record('student PSPNet-R18w16'), record('KD: DeepLabV3 -> PSPNet')
    bckd = record('BCKD: DeepLabV3 -> PSPNet')
    assert 'mmkd_ext/compat.py' in plain and 'mmkd_ext/datasets/offline_street.py' in plain
    assert not any('models/' in path for path in plain)
    assert 'mmkd_ext/models/algorithms/frozen_teacher_distill.py' in kd
    assert not any('bckd' in path for path in kd)
    assert {'mmkd_ext/models/losses/bckd_context.py',                # through a helper
            'mmkd_ext/models/losses/bckd_temperature.py',
            'mmkd_ext/models/connectors/bckd_teacher_fusion.py'} <= set(bckd)
    assert not any(path.startswith('mmkd_ext/cli/') for path in bckd)


def test_student_and_kd_runs_share_the_initialisation(tmp_path):
    """Paired seeds: the no-KD student and the KD run start from the same weights."""
    roots = protocol.prepare_data(SMALL, str(tmp_path / 'data'))
    by_name = {r['name']: r for r in ALL}
    student, kd = by_name['student PSPNet-R18w16'], by_name['CWD: DeepLabV3 -> PSPNet']
    init = runs.save_student_init(osp.join(REPO, student['config']), 3,
                                  str(tmp_path / 'init.pth'))
    weights = []
    for row in (student, kd):
        cfg = protocol.apply_protocol(
            Config.fromfile(osp.join(REPO, row['config'])), SMALL, kind=row['kind'], iters=2,
            seed=3, roots=roots, split='test', student_init=init, teacher_ckpt=None,
            device='cpu')
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
    roots = dict(train='tr', teacher='te', tune='tu', test='ts')
    by_name = {r['name']: r for r in ALL}
    teacher = Config.fromfile(osp.join(REPO, by_name['teacher DeepLabV3-R18w32']['config']))
    cfg = protocol.apply_protocol(teacher, protocol.V1, kind='teacher', iters=6000, seed=0,
                                  roots=roots, split='tune', student_init=None,
                                  teacher_ckpt=None, device='cpu')
    assert cfg.train_dataloader.dataset.data_root == 'te'  # the teachers' larger split
    assert cfg.val_dataloader.dataset.data_root == 'tu'
    assert (cfg.train_cfg.val_begin, cfg.train_cfg.val_interval) == (4800, 1200)
    assert cfg.param_scheduler[0].end == 6000 and cfg.randomness.seed == 0
    assert 'indices' not in cfg.val_dataloader.dataset
    quick = protocol.apply_protocol(teacher, protocol.V1, kind='teacher', iters=20, seed=0,
                                    roots=roots, split='test', student_init=None,
                                    teacher_ckpt=None, device='cpu', quick=True)
    assert quick.val_dataloader.dataset.indices == protocol.V1.quick_eval_images
    assert quick.train_cfg.val_begin == 20  # one evaluation, at the end
    with pytest.raises(dataclasses.FrozenInstanceError):
        protocol.V1.num_train = 1  # a protocol is a value, never changed in place


def test_candidate_protocol_has_its_own_student_split(tmp_path):
    candidate = dataclasses.replace(protocol.CANDIDATES[0], num_train=2, num_train_teacher=3,
                                    num_eval=1)
    roots = protocol.prepare_data(candidate, str(tmp_path))
    assert roots['train'] == osp.join(str(tmp_path), candidate.train_root) != \
        osp.join(str(tmp_path), protocol.V1.train_root)
    ann = osp.join('ann_dir', 'train')
    assert sorted(os.listdir(osp.join(roots['train'], ann))) == ['00000.png', '00001.png']
    assert len(os.listdir(osp.join(roots['teacher'], ann))) == 3
    for name in ('00000.png', '00001.png'):  # the student's scenes are the teacher's first
        with open(osp.join(roots['train'], ann, name), 'rb') as a, \
                open(osp.join(roots['teacher'], ann, name), 'rb') as b:
            assert a.read() == b.read()
    with pytest.raises(SystemExit):
        cli.parse_args(['--protocol', 'offline-street-v9'], protocol.PROTOCOLS)


def test_block_is_replaced_between_markers(tmp_path):
    readme = tmp_path / 'README.md'
    readme.write_text('# t\n<!-- benchmark:x:start -->\nold\n<!-- benchmark:x:end -->\nafter\n')
    text = documents.replace_block(str(readme), 'x', 'new table\n')
    assert text == '# t\n<!-- benchmark:x:start -->\nnew table\n<!-- benchmark:x:end -->\nafter\n'
    with pytest.raises(ValueError, match="no block 'y'"):
        documents.replace_block(str(readme), 'y', '')


def _stored_table():
    with open(cli.RESULTS + '.json') as f:
        return json.load(f)


def test_committed_documents_are_what_the_results_file_writes():
    """Every benchmark number in README.md, the method READMEs, this project's README and
    the metafiles is the one the results file gives (rewrite them with --report)."""
    stale = [path for path, text in documents.documents(_stored_table(), rows.ROWS, ALL).items()
             if open(osp.join(REPO, path)).read() != text]
    assert not stale, f'{stale}: run python projects/offline_benchmark/benchmark.py --report'


def test_metafile_results_equal_the_results_file():
    table = {row['config']: row for row in _stored_table()['rows']}
    checked = 0
    for metafile in glob.glob(osp.join(REPO, 'configs', '*', 'metafile.yml')):
        for model in yaml.safe_load(open(metafile))['Models']:
            for result in model.get('Results', []):
                row = table[model['Config']]
                metrics = result['Metrics']
                assert metrics['mIoU'] == round(sum(row['miou']) / len(row['miou']), 2)
                assert metrics['mIoU gain over the no-KD student'] == \
                    round(row['paired']['mean'], 2)
                checked += 1
    assert checked >= 10


def test_headline_counts_every_measured_variant():
    table = _stored_table()
    counts = documents.variants_on_test(table, ALL)
    family = {r['name']: r.get('family') for r in ALL}
    assert sum(counts.values()) == sum(1 for r in table['rows'] if r.get('paired'))
    assert counts['heteroakd'] == sum(1 for r in table['rows'] if r.get('paired')
                                      and family.get(r['name']) == 'heteroakd')
