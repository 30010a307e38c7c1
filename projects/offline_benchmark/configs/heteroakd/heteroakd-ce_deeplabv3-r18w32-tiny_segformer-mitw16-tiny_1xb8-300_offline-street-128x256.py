# HeteroAKD with the per-pixel softmax reading of the reliability (one of the two public
# re-implementations): H = softmax CE of each projection against the labels, KMM mixes per
# pixel, KEM weighs pixels, the divergence is the softmax KL over the classes of each pixel,
# and both projections are supervised with softmax CE. Everything else as shipped; loss_hetero's
# weight from the step-0 gradient rule (about 1x the student's CE gradient with the trained
# benchmark teacher: 0.75x at 1.0, 1.34 suggested).
# A development candidate, judged on the tune split.
_base_ = ['../../../../configs/heteroakd/heteroakd_deeplabv3-r18w32-tiny_segformer-mitw16-tiny_1xb8-300_offline-street-128x256.py']
model = dict(distiller=dict(distill_losses=dict(
    loss_hetero=dict(reliability='ce', loss_weight=1.3),
    loss_proj_S=dict(reliability='ce'),
    loss_proj_T=dict(reliability='ce'))))
