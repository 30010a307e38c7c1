"""The offline benchmark's detection rows: the protocol applied to the tiny detector configs,
the metrics read from CocoMetric, and the tool's 2-iteration smoke on a few scenes."""
import dataclasses
import json
import os.path as osp

import pytest
from mmengine.config import Config

from conftest import REPO

from offline_benchmark import det_cli, detection, rows

# score_thr 0: a 2-iteration detector scores every box below mmdet's 0.05
SMALL = dataclasses.replace(detection.DET_V1, num_train=4, num_train_teacher=6, num_eval=3,
                            batch_size=2, score_thr=0.0)
LOADERS = ['train_dataloader', 'val_dataloader', 'test_dataloader']
OPTS = [f'{loader}.{key}' for loader in LOADERS
        for key in ('num_workers=0', 'persistent_workers=False')]


def test_rows_reference_existing_configs_and_rows():
    names = {row['name'] for row in det_cli.DET_ROWS}
    for row in det_cli.DET_ROWS:
        assert osp.isfile(osp.join(REPO, row['config'])), row['config']
        if row['kind'] == 'kd':
            assert {row['teacher'], row['baseline']} <= names
            cfg = Config.fromfile(osp.join(REPO, row['config']))
            teacher = next(r for r in det_cli.DET_ROWS if r['name'] == row['teacher'])
            assert cfg.model.teacher.cfg_path.split('::')[1] == teacher['config'][8:]
    selected = rows.select_rows(det_cli.DET_ROWS, ['bckd-det'], ['GFL'])
    assert [r['name'] for r in selected] == ['teacher GFL-R18w32', 'student GFL-R18w16',
                                             'BCKD: GFL']


def test_protocol_points_every_loader_at_its_split(tmp_path):
    roots = {name: (str(tmp_path / name), 'val' if name in ('tune', 'test') else 'train')
             for name in ('train', 'teacher', 'tune', 'test')}
    row = next(r for r in det_cli.DET_ROWS if r['name'] == 'BCKD: GFL')
    cfg = detection.apply_detection_protocol(
        Config.fromfile(osp.join(REPO, row['config'])), SMALL, kind='kd', iters=1500, seed=2,
        roots=roots, split='test', student_init='init.pth', teacher_ckpt='teacher.pth',
        device='cpu')
    assert cfg.train_dataloader.dataset.data_root == roots['train'][0]
    assert cfg.train_dataloader.dataset.ann_file == detection.ANN['train']
    for loader in ('val_dataloader', 'test_dataloader'):
        assert cfg[loader].dataset.data_root == roots['test'][0]
        assert cfg[loader].dataset.data_prefix.img == 'val2017/'
    assert cfg.val_evaluator.ann_file == osp.join(roots['test'][0], detection.ANN['val'])
    assert cfg.train_cfg.max_iters == 1500 and cfg.train_cfg.val_begin == 1200
    assert cfg.param_scheduler[-1].end == 1500 and cfg.randomness.seed == 2
    assert cfg.model.teacher_ckpt == 'teacher.pth'
    assert cfg.model.architecture.test_cfg.score_thr == 0.0
    assert cfg.model.architecture.init_cfg.checkpoint == 'init.pth'
    assert not [key for key in cfg if key.startswith('_')]  # config-file helper variables
    teacher = detection.apply_detection_protocol(
        Config.fromfile(osp.join(REPO, det_cli.DET_ROWS[0]['config'])), SMALL, kind='teacher',
        iters=3000, seed=0, roots=roots, split='tune', student_init=None, teacher_ckpt=None,
        device='cpu')
    assert teacher.train_dataloader.dataset.data_root == roots['teacher'][0]
    assert [(p.begin, p.end) for p in teacher.param_scheduler] == [(0, 100), (100, 3000)]
    short = detection.apply_detection_protocol(
        Config.fromfile(osp.join(REPO, det_cli.DET_ROWS[0]['config'])), SMALL, kind='teacher',
        iters=2, seed=0, roots=roots, split='test', student_init=None, teacher_ckpt=None,
        device='cpu')
    assert [(p.begin, p.end) for p in short.param_scheduler] == [(0, 2), (1, 2)]
    assert teacher.test_evaluator.ann_file == osp.join(roots['tune'][0], detection.ANN['val'])


def test_metrics_in_points_with_per_class_bbox_ap():
    scalars = {'coco/bbox_mAP': 0.312, 'coco/segm_mAP': 0.25, 'coco/car_precision': 0.5,
               'coco/person_precision': 0.0, 'coco/bbox_mAP_50': 0.6}
    got = detection.metrics_of(scalars)
    assert got['bbox_map'] == pytest.approx(31.2) and got['segm_map'] == pytest.approx(25.0)
    assert got['per_class_ap'] == pytest.approx({'car': 50.0, 'person': 0.0})


def test_two_iteration_smoke_pairs_bckd_with_its_student(tmp_path, capsys):
    args = ['--task', 'detection', '--rows', 'BCKD: GFL', '--seeds', '0', '--iters', '2',
            '--data-root', str(tmp_path / 'data'), '--work-dir', str(tmp_path / 'wd'),
            '--out', str(tmp_path / 'res'), '--cfg-options', *OPTS]
    table = det_cli.main(args, protocol=SMALL)
    got = {row['name']: row for row in table['rows']}
    assert list(got) == ['teacher GFL-R18w32', 'student GFL-R18w16', 'BCKD: GFL']
    bckd, student = got['BCKD: GFL'], got['student GFL-R18w16']
    assert bckd['bbox_map_paired']['deltas'] == pytest.approx(
        [bckd['runs'][0]['bbox_map'] - student['runs'][0]['bbox_map']])
    assert set(bckd['runs'][0]['per_class_ap']) == {'car', 'person', 'obstacle', 'poster'}
    assert osp.isfile(bckd['runs'][0]['checkpoint'])
    saved = json.load(open(tmp_path / 'res.json'))
    assert saved['protocol']['name'] == 'offline-street-det-v1' and saved['rows']
    assert '| BCKD: GFL | 1 |' in open(tmp_path / 'res.md').read()
    capsys.readouterr()
    det_cli.main(args, protocol=SMALL)  # every run comes from the cache
    assert capsys.readouterr().out.count('(cached)') == 3


def test_relation_auc_is_the_pairwise_ranking_probability():
    """relation_knowledge.auc against the count over every (positive, negative) pair."""
    import importlib.util

    import torch
    spec = importlib.util.spec_from_file_location(
        'relation_knowledge', osp.join(REPO, 'projects', 'offline_benchmark',
                                       'relation_knowledge.py'))
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    gen = torch.Generator().manual_seed(0)
    scores = torch.randint(0, 6, (40,), generator=gen).double() / 5  # many ties
    positive = torch.rand(40, generator=gen) < 0.4
    pos, neg = scores[positive], scores[~positive]
    wins = (pos[:, None] > neg[None]).double() + 0.5 * (pos[:, None] == neg[None]).double()
    assert tool.auc(scores, positive) == pytest.approx(wins.mean().item())
    assert tool.auc(torch.arange(4.), torch.tensor([False, False, True, True])) == 1.0
    assert tool.auc(scores, torch.ones(40, dtype=torch.bool)) != \
        tool.auc(scores, torch.ones(40, dtype=torch.bool))  # no negative pair: nan


def test_committed_readme_table_is_what_the_results_file_writes():
    with open(det_cli.RESULTS + '.json') as f:
        table = json.load(f)
    with open(det_cli.README) as f:
        text = f.read()
    assert det_cli.documents.replace_in_text(
        text, 'method-bckd-det', det_cli.readme_block(table)) == text, \
        'run python projects/offline_benchmark/benchmark.py --task detection --report'
    with open(det_cli.RESULTS + '.md') as f:
        assert f.read() == det_cli.markdown(table)


@pytest.mark.parametrize('detector,ratio', [('gfl', 3.5), ('retinanet', 3.5),
                                            ('cascade-mask-rcnn', 2.2)])
def test_tiny_teachers_are_larger_with_the_students_fpn(detector, ratio):
    """The parameter ratios the protocol table states (GFL 4.1 M / 1.1 M, RetinaNet
    4.2 M / 1.1 M, Cascade Mask R-CNN 9.1 M / 3.8 M), and equal FPN widths (PKD's need)."""
    from mmengine.registry import init_default_scope
    from mmdet.registry import MODELS
    init_default_scope('mmdet')
    cfgs = [Config.fromfile(osp.join(REPO, 'configs', 'tiny',
                                     f'{detector}_r18-w{w}-tiny_{det_cli.SUFFIX}'))
            for w in (32, 16)]
    teacher, student = (sum(p.numel() for p in MODELS.build(c.model).parameters())
                        for c in cfgs)
    assert ratio < teacher / student < ratio + 0.3
    assert cfgs[0].model.neck.out_channels == cfgs[1].model.neck.out_channels == 64
