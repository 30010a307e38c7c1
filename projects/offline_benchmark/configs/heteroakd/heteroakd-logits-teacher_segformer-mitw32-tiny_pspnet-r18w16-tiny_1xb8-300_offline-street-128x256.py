# Ablation of heteroakd-logits_* (HeteroAKD's term also on the final logits, per class channel):
# KMM off (the teacher's logits are the target), KEM on in that logits term. A development screen,
# judged on the benchmark's tune split.
_base_ = [
    './heteroakd-logits_segformer-mitw32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py'
]
model = dict(distiller=dict(distill_losses=dict(loss_hetero_logits=dict(target='teacher'))))
