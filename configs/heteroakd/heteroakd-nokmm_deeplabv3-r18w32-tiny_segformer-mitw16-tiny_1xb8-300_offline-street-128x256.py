# HeteroAKD without KMM (the paper's ablation): the teacher-side projection is the target
# everywhere (target='teacher'), KEM weighs against it. Everything else as shipped, the shipped
# weights kept so that only the switch differs. An ablation, judged on the tune split.
_base_ = ['./heteroakd_deeplabv3-r18w32-tiny_segformer-mitw16-tiny_1xb8-300_offline-street-128x256.py']
model = dict(distiller=dict(distill_losses=dict(loss_hetero=dict(target='teacher'))))
