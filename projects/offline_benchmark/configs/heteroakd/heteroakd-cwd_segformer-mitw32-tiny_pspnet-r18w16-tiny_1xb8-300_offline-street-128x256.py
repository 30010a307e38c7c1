# HeteroAKD, Transformer teacher -> CNN student (tiny pair), plus the CWD baseline's term on the
# final logits (tau 1, weight 5): the control for heteroakd-logits_*, which adds KMM and KEM to
# that term. A development candidate, judged on the benchmark's tune split.
_base_ = [
    '../../../../configs/heteroakd/heteroakd_segformer-mitw32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py',
    './_base_/heteroakd_logits_terms.py'
]
model = dict(distiller=_base_.logits_cwd)
custom_hooks = [dict(_base_.custom_hooks[0], loss_names=['loss_hetero', 'loss_kd', 'loss_cwd'])]
