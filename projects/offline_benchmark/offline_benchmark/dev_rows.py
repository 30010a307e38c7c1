"""Development rows: screens, fix chains, controls and protocol-v2 candidates.

Their configs live in this project (``projects/offline_benchmark/configs/``); the research
log (``LOG.md``) says what each measured and why it was not adopted. Fields as in
``rows.py``; none is a headline row.
"""
from .rows import (CNN_T, HETERO_PAIRS, LIX_PAIR, MIT_S, MIT_T, PSP_S, RGBD_T, SUFFIX,
                   kd_row)

P = 'projects/offline_benchmark/configs/'
KD_PAIR = 'deeplabv3-r18w32-tiny_pspnet-r18w{}-tiny_' + SUFFIX
PSP24, PSP32, MIT32 = ('student PSPNet-R18w24', 'student PSPNet-R18w32',
                       'student SegFormer MiT-w32')

DEV_ROWS = [
    # the data-bound student of candidate labels60 (tag heteroakd-w32)
    dict(name=MIT32, method='heteroakd-w32', kind='student',
         config='configs/tiny/segformer_mit-w32-tiny_' + SUFFIX),
    kd_row('HeteroAKD: DeepLabV3 -> MiT-w32', 'heteroakd-w32', CNN_T, MIT32,
           P + 'heteroakd/heteroakd_deeplabv3-r18w32-tiny_segformer-mitw32-tiny_' + SUFFIX,
           'heteroakd'),
    kd_row('KD: DeepLabV3 -> MiT-w32', 'heteroakd-w32', CNN_T, MIT32,
           P + 'heteroakd/baselines/kd_deeplabv3-r18w32-tiny_segformer-mitw32-tiny_' + SUFFIX,
           'kd'),
    # HeteroAKD with the teacher-side projector fitted first (measured on test, not adopted)
    kd_row('HeteroAKD pre-fit projector: DeepLabV3 -> MiT-w16', 'heteroakd-prefit', CNN_T,
           MIT_S, P + 'heteroakd/heteroakd-prefit_' + HETERO_PAIRS['DeepLabV3 -> MiT-w16'][2]
           + '_' + SUFFIX, 'heteroakd'),
]
# candidates for the KD sanity row (tag kd-tau, the PSPNet-R18w16 student), and the
# protocol-v2 candidates: data-bound students of the teacher's width (kd-w32, labels60) and
# narrower (kd-w24, labels30 / labels20)
for _tag, _student, _width, _variants in [
        ('kd-tau', PSP_S, 16, [('KD tau 4', 'kd', 'kd-t4'), ('KD weight 10', 'kd', 'kd-w10'),
                               ('KD tau 4 weight 10', 'kd', 'kd-t4-w10')]),
        ('kd-w32', PSP32, 32, [('KD', 'kd', 'kd'), ('KD tau 4', 'kd', 'kd-t4'),
                               ('CWD', 'cwd', 'cwd')]),
        ('kd-w24', PSP24, 24, [('KD', 'kd', 'kd'), ('CWD', 'cwd', 'cwd')])]:
    if _student != PSP_S:
        DEV_ROWS.append(dict(name=_student, method=_tag, kind='student',
                             config=f'{P}tiny/pspnet_r18-w{_width}-tiny_{SUFFIX}'))
    _suffix = '' if _student == PSP_S else f'-R18w{_width}'
    for _name, _family, _prefix in _variants:
        DEV_ROWS.append(kd_row(f'{_name}: DeepLabV3 -> PSPNet{_suffix}', _tag, CNN_T, _student,
                               f'{P}{_family}/{_prefix}_logits_{KD_PAIR.format(_width)}',
                               _family))
# LIX screens from the RGB-D teacher: fixed-beta DKD at beta 1, 2, 4; the other NCLD weight
# rules; the C x C reading of ARFD's CKA; LIX as first fixed (tag lix-screen); DWLD at tau 4
# (tag lix-dev, tune only)
for _tag, _name, _prefix in [
        ('lix-screen', 'DKD beta 1', 'dkd-b1'), ('lix-screen', 'DKD beta 2', 'dkd-b2'),
        ('lix-screen', 'DKD beta 4', 'dkd-b4'),
        ('lix-screen', 'DWLD self-trained controller', 'dwld-self'),
        ('lix-screen', 'DWLD entropy rule', 'dwld-entropy'),
        ('lix-screen', 'ARFD channel CKA, frozen teacher aligner', 'arfd-channel'),
        ('lix-screen', 'ARFD channel CKA, learning teacher aligner', 'arfd-learned'),
        ('lix-screen', 'as first fixed (channel CKA, frozen teacher aligner)', 'lix-channel'),
        ('lix-dev', 'DWLD tau 4', 'dwld-t4')]:
    DEV_ROWS.append(kd_row(f'LIX {_name}: RGB-D DeepLabV3 -> PSPNet', _tag, RGBD_T, PSP_S,
                           f'{P}lix/{_prefix}_{LIX_PAIR}', 'lix'))


def _hetero(name: str, tag: str, prefix: str, arrows=tuple(HETERO_PAIRS)) -> None:
    for arrow in arrows:
        teacher, student, pair = HETERO_PAIRS[arrow]
        DEV_ROWS.append(kd_row(f'{name}: {arrow}', tag, teacher, student,
                               f'{P}heteroakd/{prefix}_{pair}_{SUFFIX}', 'heteroakd'))


# HeteroAKD's fix chain: fixes<k> has the first k of label grid, projected stage, scales,
# KEM / T (tag heteroakd-fixes)
for _k, _label in enumerate(['as first shipped', '+ label grid', '+ stage', '+ scales']):
    _hetero(f'HeteroAKD fixes {_k} ({_label})', 'heteroakd-fixes', f'heteroakd-fixes{_k}')
# HeteroAKD screens judged on tune (tag heteroakd-dev) and the label-only control
_hetero('HeteroAKD weight 30', 'heteroakd-dev', 'heteroakd-w30', ['DeepLabV3 -> MiT-w16'])
_hetero('HeteroAKD two stages', 'heteroakd-dev', 'heteroakd-2stage', ['DeepLabV3 -> MiT-w16'])
_hetero('HeteroAKD channel divergence', 'heteroakd-dev', 'heteroakd-channel')
for _name, _prefix, _arrows in [
        ('HeteroAKD + HeteroAKD on logits', 'heteroakd-logits', tuple(HETERO_PAIRS)),
        ('HeteroAKD + HeteroAKD on logits, KMM off', 'heteroakd-logits-teacher',
         ('MiT-w32 -> PSPNet',)),
        ('HeteroAKD + HeteroAKD on logits, KEM off', 'heteroakd-logits-nokem',
         ('MiT-w32 -> PSPNet',)),
        ('HeteroAKD + CWD on logits', 'heteroakd-cwd', tuple(HETERO_PAIRS)),
        ('HeteroAKD, teacher head as teacher projection', 'heteroakd-teacherhead',
         tuple(HETERO_PAIRS)),
        ('HeteroAKD, softmax CE reliability', 'heteroakd-ce', tuple(HETERO_PAIRS))]:
    _hetero(_name, 'heteroakd-dev', _prefix, _arrows)
_hetero('HeteroAKD control, projection supervision only', 'heteroakd-control',
        'heteroakd-projonly')
