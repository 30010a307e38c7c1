# HeteroAKD with the teacher's own logits as its side of the aligned logits space: the
# teacher's decode head (frozen, trained with the teacher) replaces the teacher-side projector,
# so the KMM / KEM target carries everything the teacher predicts, not a 1x1 map of one stage.
# Student side and schedule as shipped; loss_hetero's weight from the step-0 gradient rule
# (about 1x the student's CE gradient at step 0 with the trained benchmark teacher;
# 3.7x at 4; 1.08 suggested).
_base_ = ['../../../../configs/heteroakd/heteroakd_segformer-mitw32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py']
distiller = _base_.model.distiller
model = dict(distiller=dict(
    connectors=dict(_delete_=True, proj_S=distiller.connectors.proj_S),
    distill_losses=dict(_delete_=True,
                        loss_hetero=dict(distiller.distill_losses.loss_hetero, loss_weight=1.1),
                        loss_kd=distiller.distill_losses.loss_kd,
                        loss_proj_S=distiller.distill_losses.loss_proj_S),
    loss_forward_mappings=dict(
        _delete_=True,
        loss_hetero=dict(distiller.loss_forward_mappings.loss_hetero,
                         preds_T=dict(from_student=False, recorder='logits')),
        loss_kd=distiller.loss_forward_mappings.loss_kd,
        loss_proj_S=distiller.loss_forward_mappings.loss_proj_S)))
