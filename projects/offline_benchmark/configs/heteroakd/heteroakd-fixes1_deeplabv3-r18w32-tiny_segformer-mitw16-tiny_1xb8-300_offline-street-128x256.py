# HeteroAKD's fix chain, CNN teacher -> Transformer student: only the label grid fixed; the
# student side projects MiT stage 4 (128 ch at 1/32: a 4x8 map at 128x256) as first shipped.
_base_ = [
    './heteroakd-fixes2_deeplabv3-r18w32-tiny_segformer-mitw16-tiny_1xb8-300_offline-street-128x256.py'
]
model = dict(
    distiller=dict(
        connectors=dict(proj_S=dict(in_channels=128)),
        loss_forward_mappings=dict(
            loss_hetero=dict(preds_S=dict(data_idx=3)),
            loss_proj_S=dict(preds=dict(data_idx=3)))))
