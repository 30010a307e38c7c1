# HeteroAKD, CNN teacher -> Transformer student (tiny pair), with the divergence taken per class
# channel over the pixels (CWD's form) instead of per pixel over the classes: a development
# candidate, judged on the benchmark's tune split. Weight 2.2 from the step-0 gradient rule
# (1x the student's CE gradient with the trained benchmark teacher: 0.42x at weight 1).
_base_ = [
    '../../../../configs/heteroakd/heteroakd_deeplabv3-r18w32-tiny_segformer-mitw16-tiny_1xb8-300_offline-street-128x256.py'
]
model = dict(distiller=dict(distill_losses=dict(
    loss_hetero=dict(divergence='channel', loss_weight=2.2))))
