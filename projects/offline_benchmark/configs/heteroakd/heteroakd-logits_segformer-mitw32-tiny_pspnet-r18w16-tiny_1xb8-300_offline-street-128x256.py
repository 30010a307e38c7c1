# HeteroAKD, Transformer teacher -> CNN student (tiny pair), with a second HeteroAKD term on the
# final logits (KMM target, KEM weights, divergence per class channel at CWD's tau 1 and weight 5,
# so with KMM and KEM off it is the CWD baseline's term). A development candidate, judged on the
# benchmark's tune split.
_base_ = [
    '../../../../configs/heteroakd/heteroakd_segformer-mitw32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py',
    './_base_/heteroakd_logits_terms.py'
]
model = dict(distiller=_base_.logits_hetero)
custom_hooks = [dict(_base_.custom_hooks[0],
                     loss_names=['loss_hetero', 'loss_kd', 'loss_hetero_logits'])]
