"""Rows and protocol of the offline benchmark (docs/offline_benchmark.md).

Read by tools/analysis_tools/accuracy_benchmark.py, which applies ``PROTOCOL`` to each
row's config (data splits, crop, schedule, evaluation, paired student initialisation).

Row fields:
    name:     row id (results, teacher / baseline references)
    method:   tag that ``--methods`` selects (teacher and baseline rows come along)
    kind:     'teacher' (trained once, seed 0, on the large split), 'student' or 'kd'
    teacher:  row whose checkpoint becomes ``model.teacher_ckpt`` (kd rows)
    baseline: no-KD student row the paired differences are taken against (kd rows)
"""
PROTOCOL = dict(
    name='offline-street-v1',
    generator_seeds=dict(train=0, tune=1, test=2),
    train_root='train',     # folder of the student train split under --data-root
    num_train=240,          # student train split (the first 240 scenes of the teacher's)
    num_train_teacher=1200,  # teachers' split: 5x the data, a stand-in for pretraining
    num_eval=200,           # images in each of the tune / test splits
    image_size=(128, 256),
    crop_size=(128, 256),
    batch_size=4,           # full 128x256 images: stride-16 maps stay 8x16
    student_iters=2000,
    teacher_iters=6000,     # 3x the student schedule, on 5x the data
    quick_iters=300,        # --quick (the quickstart): a demonstration, not a measurement
    quick_eval_images=50,   # --quick evaluates once, on the first 50 images of the split
    eval_points=2,          # validation at the last two fifths of the schedule (convergence)
    seeds=(0, 1, 2))        # paired training seeds (--seeds overrides)
# Candidates for the next protocol (docs/offline_benchmark.md, "Towards v2"), chosen on
# --split tune with --protocol NAME; their results go to offline_benchmark_<NAME>[_tune].*
CANDIDATES = [
    # a data-limited student: 60 labelled scenes (the first 60 of the teacher's 1200), so
    # that it overfits its split as paper students do instead of being capacity-bound; with
    # the PSPNet-R18w16 student (KD -0.07 on tune) and with PSPNet-R18w32 (tag kd-w32)
    dict(PROTOCOL, name='offline-street-v2-labels60', train_root='train60', num_train=60),
    # 30 labelled scenes for a PSPNet-R18w24 student (tag kd-w24): the teacher keeps a clear
    # margin in size (1.9x the parameters) and accuracy, the student stays data-bound
    dict(PROTOCOL, name='offline-street-v2-labels30', train_root='train30', num_train=30),
    # 20 labelled scenes for the same student: labels30 left the teacher 9.45 points ahead on
    # tune, short of the 10-point rule
    dict(PROTOCOL, name='offline-street-v2-labels20', train_root='train20', num_train=20),
    # the same data and student judged on five fresh seeds, fixed before any of them ran (seeds
    # 0-2 screened labels20 above and are not pooled): a 5-seed interval is 2.8 standard
    # errors wide instead of 4.3
    dict(PROTOCOL, name='offline-street-v2-labels20-s5', train_root='train20', num_train=20,
         seeds=(3, 4, 5, 6, 7)),
]

T = 'configs/tiny/'
ROWS = [
    dict(name='teacher DeepLabV3-R18w32', method='teacher', kind='teacher',
         config=T + 'deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256.py'),
    dict(name='teacher SegFormer MiT-w32', method='teacher', kind='teacher',
         config=T + 'segformer_mit-w32-tiny_1xb8-300_offline-street-128x256.py'),
    dict(name='teacher DeepLabV3-R18w32 RGB-D', method='teacher', kind='teacher',
         config='configs/lix/deeplabv3_r18w32-rgbd-tiny_1xb8-300_offline-street-128x256.py'),
    dict(name='student PSPNet-R18w16', method='student', kind='student',
         config=T + 'pspnet_r18-w16-tiny_1xb8-300_offline-street-128x256.py'),
    dict(name='student SegFormer MiT-w16', method='student', kind='student',
         config=T + 'segformer_mit-w16-tiny_1xb8-300_offline-street-128x256.py'),
    # sanity rows: stock logit KD and CWD on the CNN pair
    dict(name='KD: DeepLabV3 -> PSPNet', method='kd', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student PSPNet-R18w16',
         config='configs/kd/kd_logits_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_'
         'offline-street-128x256.py'),
    # protocol-v2 candidates for the KD sanity row (tag kd-tau; chosen on --split tune)
    dict(name='KD tau 4: DeepLabV3 -> PSPNet', method='kd-tau', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student PSPNet-R18w16',
         config='configs/kd/kd-t4_logits_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_'
         'offline-street-128x256.py'),
    dict(name='KD weight 10: DeepLabV3 -> PSPNet', method='kd-tau', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student PSPNet-R18w16',
         config='configs/kd/kd-w10_logits_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_'
         'offline-street-128x256.py'),
    dict(name='KD tau 4 weight 10: DeepLabV3 -> PSPNet', method='kd-tau', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student PSPNet-R18w16',
         config='configs/kd/kd-t4-w10_logits_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_'
         'offline-street-128x256.py'),
    dict(name='CWD: DeepLabV3 -> PSPNet', method='cwd', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student PSPNet-R18w16',
         config='configs/cwd/cwd_logits_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_'
         'offline-street-128x256.py'),
    # protocol-v2 candidate: a data-bound student (the teacher's width, tag kd-w32; screened
    # with --protocol offline-street-v2-labels60 --split tune)
    dict(name='student PSPNet-R18w32', method='kd-w32', kind='student',
         config=T + 'pspnet_r18-w32-tiny_1xb8-300_offline-street-128x256.py'),
    dict(name='KD: DeepLabV3 -> PSPNet-R18w32', method='kd-w32', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student PSPNet-R18w32',
         config='configs/kd/kd_logits_deeplabv3-r18w32-tiny_pspnet-r18w32-tiny_1xb8-300_'
         'offline-street-128x256.py'),
    dict(name='KD tau 4: DeepLabV3 -> PSPNet-R18w32', method='kd-w32', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student PSPNet-R18w32',
         config='configs/kd/kd-t4_logits_deeplabv3-r18w32-tiny_pspnet-r18w32-tiny_1xb8-300_'
         'offline-street-128x256.py'),
    dict(name='CWD: DeepLabV3 -> PSPNet-R18w32', method='kd-w32', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student PSPNet-R18w32',
         config='configs/cwd/cwd_logits_deeplabv3-r18w32-tiny_pspnet-r18w32-tiny_1xb8-300_'
         'offline-street-128x256.py'),
    # protocol-v2 candidates offline-street-v2-labels30 / -labels20: a narrower data-bound
    # student (tag kd-w24)
    dict(name='student PSPNet-R18w24', method='kd-w24', kind='student',
         config=T + 'pspnet_r18-w24-tiny_1xb8-300_offline-street-128x256.py'),
    dict(name='KD: DeepLabV3 -> PSPNet-R18w24', method='kd-w24', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student PSPNet-R18w24',
         config='configs/kd/kd_logits_deeplabv3-r18w32-tiny_pspnet-r18w24-tiny_1xb8-300_'
         'offline-street-128x256.py'),
    dict(name='CWD: DeepLabV3 -> PSPNet-R18w24', method='kd-w24', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student PSPNet-R18w24',
         config='configs/cwd/cwd_logits_deeplabv3-r18w32-tiny_pspnet-r18w24-tiny_1xb8-300_'
         'offline-street-128x256.py'),
    # the paper methods as they stand
    dict(name='TransKD-Base: MiT-w32 -> MiT-w16', method='transkd', kind='kd',
         teacher='teacher SegFormer MiT-w32', baseline='student SegFormer MiT-w16',
         config='configs/transkd/transkd-base_mit-w32-tiny_mit-w16-tiny_1xb8-300_'
         'offline-street-128x256.py'),
    dict(name='TransKD-GL: MiT-w32 -> MiT-w16', method='transkd', kind='kd',
         teacher='teacher SegFormer MiT-w32', baseline='student SegFormer MiT-w16',
         config='configs/transkd/transkd-gl_mit-w32-tiny_mit-w16-tiny_1xb8-300_'
         'offline-street-128x256.py'),
    dict(name='TransKD-EA: MiT-w32 -> MiT-w16', method='transkd', kind='kd',
         teacher='teacher SegFormer MiT-w32', baseline='student SegFormer MiT-w16',
         config='configs/transkd/transkd-ea_mit-w32-tiny_mit-w16-tiny_1xb8-300_'
         'offline-street-128x256.py'),
    dict(name='HeteroAKD: DeepLabV3 -> MiT-w16', method='heteroakd', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student SegFormer MiT-w16',
         config='configs/heteroakd/heteroakd_deeplabv3-r18w32-tiny_segformer-mitw16-tiny_'
         '1xb8-300_offline-street-128x256.py'),
    dict(name='HeteroAKD pre-fit projector: DeepLabV3 -> MiT-w16', method='heteroakd',
         kind='kd', teacher='teacher DeepLabV3-R18w32', baseline='student SegFormer MiT-w16',
         config='configs/heteroakd/heteroakd-prefit_deeplabv3-r18w32-tiny_segformer-mitw16-'
         'tiny_1xb8-300_offline-street-128x256.py'),
    # development candidates (tag heteroakd-dev), judged on --split tune only
    dict(name='HeteroAKD weight 30: DeepLabV3 -> MiT-w16', method='heteroakd-dev',
         kind='kd', teacher='teacher DeepLabV3-R18w32', baseline='student SegFormer MiT-w16',
         config='configs/heteroakd/heteroakd-w30_deeplabv3-r18w32-tiny_segformer-mitw16-'
         'tiny_1xb8-300_offline-street-128x256.py'),
    dict(name='HeteroAKD two stages: DeepLabV3 -> MiT-w16', method='heteroakd-dev',
         kind='kd', teacher='teacher DeepLabV3-R18w32', baseline='student SegFormer MiT-w16',
         config='configs/heteroakd/heteroakd-2stage_deeplabv3-r18w32-tiny_segformer-mitw16-'
         'tiny_1xb8-300_offline-street-128x256.py'),
    dict(name='HeteroAKD channel divergence: DeepLabV3 -> MiT-w16', method='heteroakd-dev',
         kind='kd', teacher='teacher DeepLabV3-R18w32', baseline='student SegFormer MiT-w16',
         config='configs/heteroakd/heteroakd-channel_deeplabv3-r18w32-tiny_segformer-mitw16-'
         'tiny_1xb8-300_offline-street-128x256.py'),
    dict(name='KD: DeepLabV3 -> MiT-w16', method='heteroakd-baselines', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student SegFormer MiT-w16',
         config='configs/heteroakd/baselines/kd_deeplabv3-r18w32-tiny_segformer-mitw16-tiny_'
         '1xb8-300_offline-street-128x256.py'),
    dict(name='CWD: DeepLabV3 -> MiT-w16', method='heteroakd-baselines', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student SegFormer MiT-w16',
         config='configs/heteroakd/baselines/cwd_deeplabv3-r18w32-tiny_segformer-mitw16-tiny_'
         '1xb8-300_offline-street-128x256.py'),
    dict(name='HeteroAKD: MiT-w32 -> PSPNet', method='heteroakd', kind='kd',
         teacher='teacher SegFormer MiT-w32', baseline='student PSPNet-R18w16',
         config='configs/heteroakd/heteroakd_segformer-mitw32-tiny_pspnet-r18w16-tiny_'
         '1xb8-300_offline-street-128x256.py'),
    dict(name='HeteroAKD channel divergence: MiT-w32 -> PSPNet', method='heteroakd-dev',
         kind='kd', teacher='teacher SegFormer MiT-w32', baseline='student PSPNet-R18w16',
         config='configs/heteroakd/heteroakd-channel_segformer-mitw32-tiny_pspnet-r18w16-'
         'tiny_1xb8-300_offline-street-128x256.py'),
    dict(name='KD: MiT-w32 -> PSPNet', method='heteroakd-baselines', kind='kd',
         teacher='teacher SegFormer MiT-w32', baseline='student PSPNet-R18w16',
         config='configs/heteroakd/baselines/kd_segformer-mitw32-tiny_pspnet-r18w16-tiny_'
         '1xb8-300_offline-street-128x256.py'),
    dict(name='CWD: MiT-w32 -> PSPNet', method='heteroakd-baselines', kind='kd',
         teacher='teacher SegFormer MiT-w32', baseline='student PSPNet-R18w16',
         config='configs/heteroakd/baselines/cwd_segformer-mitw32-tiny_pspnet-r18w16-tiny_'
         '1xb8-300_offline-street-128x256.py'),
    # the data-bound student of candidate offline-street-v2-labels60 (tag heteroakd-w32)
    dict(name='student SegFormer MiT-w32', method='heteroakd-w32', kind='student',
         config=T + 'segformer_mit-w32-tiny_1xb8-300_offline-street-128x256.py'),
    dict(name='HeteroAKD: DeepLabV3 -> MiT-w32', method='heteroakd-w32', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student SegFormer MiT-w32',
         config='configs/heteroakd/heteroakd_deeplabv3-r18w32-tiny_segformer-mitw32-tiny_'
         '1xb8-300_offline-street-128x256.py'),
    dict(name='KD: DeepLabV3 -> MiT-w32', method='heteroakd-w32', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student SegFormer MiT-w32',
         config='configs/heteroakd/baselines/kd_deeplabv3-r18w32-tiny_segformer-mitw32-tiny_'
         '1xb8-300_offline-street-128x256.py'),
    dict(name='LIX: RGB-D DeepLabV3 -> PSPNet', method='lix', kind='kd',
         teacher='teacher DeepLabV3-R18w32 RGB-D', baseline='student PSPNet-R18w16',
         config='configs/lix/lix_deeplabv3-r18w32-rgbd-tiny_pspnet-r18w16-tiny_1xb8-300_'
         'offline-street-128x256.py'),
    dict(name='KD from RGB-D: DeepLabV3 -> PSPNet', method='lix', kind='kd',
         teacher='teacher DeepLabV3-R18w32 RGB-D', baseline='student PSPNet-R18w16',
         config='configs/lix/baselines/kd_deeplabv3-r18w32-rgbd-tiny_pspnet-r18w16-tiny_'
         '1xb8-300_offline-street-128x256.py'),
    dict(name='CWD from RGB-D: DeepLabV3 -> PSPNet', method='lix', kind='kd',
         teacher='teacher DeepLabV3-R18w32 RGB-D', baseline='student PSPNet-R18w16',
         config='configs/lix/baselines/cwd_deeplabv3-r18w32-rgbd-tiny_pspnet-r18w16-tiny_'
         '1xb8-300_offline-street-128x256.py'),
    dict(name='BCKD: DeepLabV3 -> PSPNet', method='bckd', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student PSPNet-R18w16',
         config='configs/bckd/bckd_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_'
         'offline-street-128x256.py'),
    dict(name='BCKD+CWD: DeepLabV3 -> PSPNet', method='bckd-cwd', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student PSPNet-R18w16',
         config='configs/bckd/bckd-cwd_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_'
         'offline-street-128x256.py'),
    # BCKD's Table I on the CNN pair (method tag bckd-table1: run with --methods bckd-table1)
    dict(name='BCKD L_BD only: DeepLabV3 -> PSPNet', method='bckd-table1', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student PSPNet-R18w16',
         config='configs/bckd/bckd-bd_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_'
         'offline-street-128x256.py'),
    dict(name='BCKD L_CD only: DeepLabV3 -> PSPNet', method='bckd-table1', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student PSPNet-R18w16',
         config='configs/bckd/bckd-cd_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_'
         'offline-street-128x256.py'),
    dict(name='BCKD no decay: DeepLabV3 -> PSPNet', method='bckd-table1', kind='kd',
         teacher='teacher DeepLabV3-R18w32', baseline='student PSPNet-R18w16',
         config='configs/bckd/bckd-nodecay_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_'
         'offline-street-128x256.py'),
]
# LIX's ablation from the RGB-D teacher (method tag lix-ablation): fixed-beta DKD, the three
# NCLD weight rules, ARFD alone (pixel-Gram CKA to the raw teacher map, as LIX ships; or the
# C x C reading with a frozen random or learning teacher aligner), LIX as first fixed
_LIX = 'deeplabv3-r18w32-rgbd-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py'
_LIX_ROWS = {
    'lix-ablation': [
        ('DKD beta 1', 'dkd-b1'), ('DKD beta 2', 'dkd-b2'), ('DKD beta 4', 'dkd-b4'),
        ('DKD beta 8', 'dkd'), ('DWLD look-ahead controller', 'dwld'),
        ('DWLD self-trained controller', 'dwld-self'), ('DWLD entropy rule', 'dwld-entropy'),
        ('ARFD pixel CKA to the raw teacher map', 'arfd'),
        ('ARFD channel CKA, frozen teacher aligner', 'arfd-channel'),
        ('ARFD channel CKA, learning teacher aligner', 'arfd-learned'),
        ('as first fixed (channel CKA, frozen teacher aligner)', 'lix-channel')],
    # development screen, judged on --split tune only
    'lix-dev': [('DWLD tau 4', 'dwld-t4')]}
for _tag, _name, _prefix in [(t, n, p) for t, rows in _LIX_ROWS.items() for n, p in rows]:
    ROWS.append(dict(name=f'LIX {_name}: RGB-D DeepLabV3 -> PSPNet', method=_tag,
                     kind='kd', teacher='teacher DeepLabV3-R18w32 RGB-D',
                     baseline='student PSPNet-R18w16', config=f'configs/lix/{_prefix}_{_LIX}'))
# HeteroAKD's fixes added one after another (method tag heteroakd-fixes, README "Fixes one after
# another"): fixes<k> has the first k of label grid, projected stage, scales, KEM / T; the shipped
# config has all four and the pre-fit row adds the fitted teacher projector
_HETERO_PAIRS = {  # direction: teacher row, student row, config infix
    'DeepLabV3 -> MiT-w16': ('teacher DeepLabV3-R18w32', 'student SegFormer MiT-w16',
                             'deeplabv3-r18w32-tiny_segformer-mitw16-tiny'),
    'MiT-w32 -> PSPNet': ('teacher SegFormer MiT-w32', 'student PSPNet-R18w16',
                          'segformer-mitw32-tiny_pspnet-r18w16-tiny')}
for _arrow, (_teacher, _student, _pair) in _HETERO_PAIRS.items():
    for _k, _label in enumerate(['as first shipped', '+ label grid', '+ stage', '+ scales']):
        ROWS.append(dict(name=f'HeteroAKD fixes {_k} ({_label}): {_arrow}',
                         method='heteroakd-fixes', kind='kd', teacher=_teacher,
                         baseline=_student,
                         config=f'configs/heteroakd/heteroakd-fixes{_k}_{_pair}_'
                         '1xb8-300_offline-street-128x256.py'))
# HeteroAKD with a second term on the final logits (tag heteroakd-dev, README "Second screen"):
# HeteroAKD's per-class-channel term, its KMM-off and KEM-off ablations, and CWD's term (control)
for _name, _prefix, _pairs in [
        ('HeteroAKD on logits', 'heteroakd-logits', _HETERO_PAIRS),
        ('HeteroAKD on logits, KMM off', 'heteroakd-logits-teacher', ['MiT-w32 -> PSPNet']),
        ('HeteroAKD on logits, KEM off', 'heteroakd-logits-nokem', ['MiT-w32 -> PSPNet']),
        ('CWD on logits', 'heteroakd-cwd', _HETERO_PAIRS)]:
    for _pair in _pairs:
        _teacher, _student, _suffix = _HETERO_PAIRS[_pair]
        ROWS.append(dict(name=f'HeteroAKD + {_name}: {_pair}', method='heteroakd-dev',
                         kind='kd', teacher=_teacher, baseline=_student,
                         config=f'configs/heteroakd/{_prefix}_{_suffix}_1xb8-300_'
                         'offline-street-128x256.py'))
# One row per direction for each of these HeteroAKD variants (README "Third screen" and "Fourth
# screen and a control"): the teacher's own logits in place of the teacher-side projector and
# the softmax-CE reading of the reliability (tag heteroakd-dev); the control, the student's
# projected stage supervised by the labels only, no term that reads the teacher (tag
# heteroakd-control); the paper's ablations of the stage term with the shipped weights, KMM off
# (the teacher-side projection as the target) and KEM off (uniform weights; tag
# heteroakd-ablation)
for _name, _prefix, _tag in [
        ('HeteroAKD, teacher head as teacher projection', 'heteroakd-teacherhead', 'heteroakd-dev'),
        ('HeteroAKD control, projection supervision only', 'heteroakd-projonly',
         'heteroakd-control'),
        ('HeteroAKD, softmax CE reliability', 'heteroakd-ce', 'heteroakd-dev'),
        ('HeteroAKD KMM off', 'heteroakd-nokmm', 'heteroakd-ablation'),
        ('HeteroAKD KEM off', 'heteroakd-nokem', 'heteroakd-ablation')]:
    for _pair, (_teacher, _student, _suffix) in _HETERO_PAIRS.items():
        ROWS.append(dict(name=f'{_name}: {_pair}', method=_tag, kind='kd', teacher=_teacher,
                         baseline=_student,
                         config=f'configs/heteroakd/{_prefix}_{_suffix}_1xb8-300_'
                         'offline-street-128x256.py'))
