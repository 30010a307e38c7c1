# HeteroAKD, Transformer teacher -> CNN student (tiny pair), with the divergence taken per class
# channel over the pixels (CWD's form) instead of per pixel over the classes: a development
# candidate, judged on the benchmark's tune split. Weight 0.4 from the step-0 gradient rule
# (1x the student's CE gradient with the trained benchmark teacher: 2.6x at weight 1).
_base_ = [
    '../../../../configs/heteroakd/heteroakd_segformer-mitw32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py'
]
model = dict(distiller=dict(distill_losses=dict(
    loss_hetero=dict(divergence='channel', loss_weight=0.4))))
