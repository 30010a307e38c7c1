# HeteroAKD's fix chain, Transformer teacher -> CNN student: HeteroAKD as first shipped (labels
# resized by nearest sampling, i.e. each cell's top-left pixel; MiT stage 4; BCE summed over the
# classes at weight 1; T = 1). The label settings come from _base_/heteroakd_first_shipped.py,
# inherited through fixes 2.
_base_ = [
    './heteroakd-fixes1_segformer-mitw32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py'
]
model = dict(distiller=dict(distill_losses=_base_.heteroakd_nearest_labels))
