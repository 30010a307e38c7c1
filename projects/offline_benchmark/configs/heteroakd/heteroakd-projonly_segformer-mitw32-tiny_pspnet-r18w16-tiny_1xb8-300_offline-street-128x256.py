# Control for HeteroAKD's gain: the student's projected stage supervised by the labels alone
# (loss_proj_S at the shipped 0.4, an auxiliary head on that stage), with none of the terms that
# read the teacher (loss_hetero, loss_kd, the teacher-side projector). What HeteroAKD gains over
# this row is what its teacher terms add. Student, stage and schedule as shipped.
_base_ = ['../../../../configs/heteroakd/heteroakd_segformer-mitw32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py']
distiller = _base_.model.distiller
model = dict(distiller=dict(
    connectors=dict(_delete_=True, proj_S=distiller.connectors.proj_S),
    distill_losses=dict(_delete_=True, loss_proj_S=distiller.distill_losses.loss_proj_S),
    loss_forward_mappings=dict(_delete_=True,
                               loss_proj_S=distiller.loss_forward_mappings.loss_proj_S)))
custom_hooks = []  # no teacher term to warm up
