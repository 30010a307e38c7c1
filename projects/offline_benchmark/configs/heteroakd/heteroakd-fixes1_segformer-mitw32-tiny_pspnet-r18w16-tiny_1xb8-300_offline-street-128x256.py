# HeteroAKD's fix chain, Transformer teacher -> CNN student: only the label grid fixed; the
# teacher side projects MiT stage 4 (256 ch at 1/32: a 4x8 map at 128x256) as first shipped.
_base_ = [
    './heteroakd-fixes2_segformer-mitw32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py'
]
model = dict(
    distiller=dict(
        connectors=dict(proj_T=dict(in_channels=256)),
        loss_forward_mappings=dict(
            loss_hetero=dict(preds_T=dict(data_idx=3)),
            loss_proj_T=dict(preds=dict(data_idx=3)))))
