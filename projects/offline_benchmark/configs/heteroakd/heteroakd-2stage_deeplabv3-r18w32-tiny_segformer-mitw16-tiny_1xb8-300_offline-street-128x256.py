# HeteroAKD, CNN teacher -> Transformer student (tiny pair), projecting two stage pairs: the
# root's (MiT stage 2 <-> ResNet stage 4) and MiT stage 3 (80 ch at 1/16, 8x16) <-> ResNet
# stage 3 (128 ch at 1/8), each with its own projectors and supervision; each HeteroAKD term at
# half the root's weight, so the two together pull about as hard as the root's one. A
# development candidate, judged on the benchmark's tune split.
_base_ = [
    '../../../../configs/heteroakd/heteroakd_deeplabv3-r18w32-tiny_segformer-mitw16-tiny_1xb8-300_offline-street-128x256.py'
]
hetero = _base_.model.distiller.distill_losses.loss_hetero
mappings = _base_.model.distiller.loss_forward_mappings
stage3_S = dict(_base_.heteroakd_stage_S, data_idx=2, connector='proj_S3')
stage3_T = dict(_base_.heteroakd_stage_T, data_idx=2, connector='proj_T3')
model = dict(distiller=dict(
    connectors=dict(
        proj_S3=dict(type='LogitSpaceProjector', in_channels=80, num_classes=10),
        proj_T3=dict(type='LogitSpaceProjector', in_channels=128, num_classes=10)),
    distill_losses=dict(
        loss_hetero=dict(loss_weight=7.5),
        loss_hetero3=dict(hetero, loss_weight=7.5),
        loss_proj_S3=_base_.model.distiller.distill_losses.loss_proj_S,
        loss_proj_T3=_base_.model.distiller.distill_losses.loss_proj_T),
    loss_forward_mappings=dict(
        loss_hetero3=dict(mappings.loss_hetero, preds_S=stage3_S, preds_T=stage3_T),
        loss_proj_S3=dict(mappings.loss_proj_S, preds=stage3_S),
        loss_proj_T3=dict(mappings.loss_proj_T, preds=stage3_T))))
custom_hooks = [dict(_base_.custom_hooks[0], loss_names=['loss_hetero', 'loss_hetero3', 'loss_kd'])]
