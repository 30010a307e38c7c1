"""The reported rows: teachers, no-KD students, the methods, their stock baselines and the
papers' own ablations, all on configs a user runs (``configs/``).

Row fields:
    name:     row id (results, teacher / baseline references)
    method:   tag that ``--methods`` selects (teacher and baseline rows come along)
    kind:     'teacher' (trained once, seed 0, on the large split), 'student' or 'kd'
    teacher:  row whose checkpoint becomes ``model.teacher_ckpt`` (kd rows)
    baseline: no-KD student row the paired differences are taken against (kd rows)
    family:   the method a kd row belongs to (its variants on ``test`` are counted per family)
    headline: in the README's headline table

``all_rows()`` adds the development rows of ``dev_rows.py``.
"""
from typing import List, Optional, Sequence

T = 'configs/tiny/'
SUFFIX = '1xb8-300_offline-street-128x256.py'
CNN_T, MIT_T, RGBD_T = ('teacher DeepLabV3-R18w32', 'teacher SegFormer MiT-w32',
                        'teacher DeepLabV3-R18w32 RGB-D')
PSP_S, MIT_S = 'student PSPNet-R18w16', 'student SegFormer MiT-w16'


def kd_row(name: str, method: str, teacher: str, baseline: str, config: str, family: str,
           headline: bool = False) -> dict:
    return dict(name=name, method=method, kind='kd', teacher=teacher, baseline=baseline,
                config=config, family=family, headline=headline)


ROWS = [
    dict(name=CNN_T, method='teacher', kind='teacher',
         config=T + 'deeplabv3_r18-w32-tiny_' + SUFFIX),
    dict(name=MIT_T, method='teacher', kind='teacher',
         config=T + 'segformer_mit-w32-tiny_' + SUFFIX),
    dict(name=RGBD_T, method='teacher', kind='teacher',
         config='configs/lix/deeplabv3_r18w32-rgbd-tiny_' + SUFFIX),
    dict(name=PSP_S, method='student', kind='student',
         config=T + 'pspnet_r18-w16-tiny_' + SUFFIX),
    dict(name=MIT_S, method='student', kind='student',
         config=T + 'segformer_mit-w16-tiny_' + SUFFIX),
    # the protocol's sanity rows: stock logit KD and CWD on the CNN pair
    kd_row('KD: DeepLabV3 -> PSPNet', 'kd', CNN_T, PSP_S,
           'configs/kd/kd_logits_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_' + SUFFIX, 'kd',
           True),
    kd_row('CWD: DeepLabV3 -> PSPNet', 'cwd', CNN_T, PSP_S,
           'configs/cwd/cwd_logits_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_' + SUFFIX, 'cwd',
           True),
]
for _variant in ('Base', 'GL', 'EA'):
    ROWS.append(kd_row(f'TransKD-{_variant}: MiT-w32 -> MiT-w16', 'transkd', MIT_T, MIT_S,
                       f'configs/transkd/transkd-{_variant.lower()}_mit-w32-tiny_mit-w16-tiny_'
                       + SUFFIX, 'transkd', True))
HETERO_PAIRS = {  # direction: teacher row, student row, config infix
    'DeepLabV3 -> MiT-w16': (CNN_T, MIT_S, 'deeplabv3-r18w32-tiny_segformer-mitw16-tiny'),
    'MiT-w32 -> PSPNet': (MIT_T, PSP_S, 'segformer-mitw32-tiny_pspnet-r18w16-tiny')}
for _arrow, (_teacher, _student, _pair) in HETERO_PAIRS.items():
    ROWS += [
        kd_row(f'HeteroAKD: {_arrow}', 'heteroakd', _teacher, _student,
               f'configs/heteroakd/heteroakd_{_pair}_{SUFFIX}', 'heteroakd', True),
        kd_row(f'KD: {_arrow}', 'heteroakd-baselines', _teacher, _student,
               f'configs/heteroakd/baselines/kd_{_pair}_{SUFFIX}', 'kd', True),
        kd_row(f'CWD: {_arrow}', 'heteroakd-baselines', _teacher, _student,
               f'configs/heteroakd/baselines/cwd_{_pair}_{SUFFIX}', 'cwd', True),
        # the paper's ablations of the stage term: KMM off, KEM off
        kd_row(f'HeteroAKD KMM off: {_arrow}', 'heteroakd-ablation', _teacher, _student,
               f'configs/heteroakd/heteroakd-nokmm_{_pair}_{SUFFIX}', 'heteroakd'),
        kd_row(f'HeteroAKD KEM off: {_arrow}', 'heteroakd-ablation', _teacher, _student,
               f'configs/heteroakd/heteroakd-nokem_{_pair}_{SUFFIX}', 'heteroakd')]
LIX_PAIR = 'deeplabv3-r18w32-rgbd-tiny_pspnet-r18w16-tiny_' + SUFFIX
ROWS += [
    kd_row('LIX: RGB-D DeepLabV3 -> PSPNet', 'lix', RGBD_T, PSP_S,
           'configs/lix/lix_' + LIX_PAIR, 'lix', True),
    kd_row('KD from RGB-D: DeepLabV3 -> PSPNet', 'lix', RGBD_T, PSP_S,
           'configs/lix/baselines/kd_' + LIX_PAIR, 'kd', True),
    kd_row('CWD from RGB-D: DeepLabV3 -> PSPNet', 'lix', RGBD_T, PSP_S,
           'configs/lix/baselines/cwd_' + LIX_PAIR, 'cwd', True)]
BCKD_PAIR = 'deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_' + SUFFIX
ROWS += [
    kd_row('BCKD: DeepLabV3 -> PSPNet', 'bckd', CNN_T, PSP_S,
           'configs/bckd/bckd_' + BCKD_PAIR, 'bckd', True),
    kd_row('BCKD+CWD: DeepLabV3 -> PSPNet', 'bckd-cwd', CNN_T, PSP_S,
           'configs/bckd/bckd-cwd_' + BCKD_PAIR, 'bckd', True)]
# the papers' own ablations: LIX's fixed-beta DKD (beta 8), DWLD alone, ARFD alone; BCKD's
# Table I on the CNN pair
for _tag, _family, _teacher, _arrow, _pair, _variants in [
        ('lix-ablation', 'lix', RGBD_T, 'LIX {}: RGB-D DeepLabV3 -> PSPNet', LIX_PAIR,
         [('DKD beta 8', 'dkd'), ('DWLD look-ahead controller', 'dwld'),
          ('ARFD pixel CKA to the raw teacher map', 'arfd')]),
        ('bckd-table1', 'bckd', CNN_T, 'BCKD {}: DeepLabV3 -> PSPNet', BCKD_PAIR,
         [('L_BD only', 'bckd-bd'), ('L_CD only', 'bckd-cd'), ('no decay', 'bckd-nodecay')])]:
    for _name, _prefix in _variants:
        ROWS.append(kd_row(_arrow.format(_name), _tag, _teacher, PSP_S,
                           f'configs/{_family}/{_prefix}_{_pair}', _family))


def all_rows() -> List[dict]:
    """The reported rows followed by the development rows."""
    from .dev_rows import DEV_ROWS
    return ROWS + DEV_ROWS


def select_rows(rows: Sequence[dict], methods: Optional[Sequence[str]],
                names: Optional[Sequence[str]] = None) -> List[dict]:
    """Rows of the chosen methods (and names), with their teacher and baseline rows."""
    by_name = {row['name']: row for row in rows}
    known = sorted({row['method'] for row in rows})
    for method in methods or []:
        if method not in known:
            raise ValueError(f'--methods {method!r}: unknown; choose from {known}.')
    wanted = [r for r in rows if not methods or r['method'] in methods]
    if names:
        for part in names:
            if not any(part in r['name'] for r in wanted):
                raise ValueError(f'--rows {part!r}: no selected row contains it; rows: '
                                 f'{[r["name"] for r in wanted]}.')
        wanted = [r for r in wanted if any(part in r['name'] for part in names)]
    chosen = {r['name'] for r in wanted}
    for row in wanted:
        chosen.update(ref for ref in (row.get('teacher'), row.get('baseline')) if ref)
    order = {'teacher': 0, 'student': 1, 'kd': 2}
    return sorted((by_name[n] for n in chosen),
                  key=lambda r: (order[r['kind']], list(rows).index(r)))
