# LIX distiller pieces (Eq. 18) shared by the tiny pair (lix_tiny.py) and the paper-scale
# wrapper (lix_distill.py), new names only.
lambda_l, lambda_f = 1.0, 1.0
logits = dict(type='ModuleOutputs', source='decode_head.conv_seg')
# full-resolution labels: DWLD upsamples the logits to them for the target / non-target split
labels = dict(from_data='gt_sem_seg')
dwld_mapping = dict(loss_dwld=dict(
    preds_S=dict(from_student=True, recorder='logits'),
    preds_T=dict(from_student=False, recorder='logits'), gt_labels=labels))
# ARFD, Eq. (13)-(17), on stages 3 and 4. Eq. (15)-(16) compare Gram matrices of "pairs of
# examples" (CKA's definition); the examples of a feature map are its pixels, so the CKA is
# over the pixel Gram matrices, and the teacher side is its recorded fused map itself (a pixel
# Gram allows different channel counts): no teacher-side aligner, nothing random or learnt on
# the teacher side. The student keeps its Eq. (12) aligner (align_s3 / align_s4).
arfd = dict(
    loss_arfd_s3=dict(type='ARFDLoss', kernel='laplace', consistency='pixel_cka',
                      log_name='arfd_cka_s3', loss_weight=lambda_f),
    loss_arfd_s4=dict(type='ARFDLoss', kernel='laplace', consistency='pixel_cka',
                      log_name='arfd_cka_s4', loss_weight=lambda_f))
arfd_mapping = dict(
    loss_arfd_s3=dict(
        preds_S=dict(from_student=True, recorder='s3', connector='align_s3'),
        preds_T=dict(from_student=False, recorder='s3')),
    loss_arfd_s4=dict(
        preds_S=dict(from_student=True, recorder='s4', connector='align_s4'),
        preds_T=dict(from_student=False, recorder='s4')))
# The C x C reading of Eq. (15)-(16) (Gram over the channels, as the equations are typeset):
# it needs the channel counts to match, so the teacher's map gets an Eq. (12) aligner too
# (connectors align_t3 / align_t4), detached: a fixed random map (the first fixed version).
arfd_channel = dict(
    loss_arfd_s3=dict(arfd['loss_arfd_s3'], consistency='cka'),
    loss_arfd_s4=dict(arfd['loss_arfd_s4'], consistency='cka'))
arfd_channel_mapping = dict(
    loss_arfd_s3=dict(arfd_mapping['loss_arfd_s3'],
                      preds_T=dict(from_student=False, recorder='s3', connector='align_t3')),
    loss_arfd_s4=dict(arfd_mapping['loss_arfd_s4'],
                      preds_T=dict(from_student=False, recorder='s4', connector='align_t4')))
arfd_student_recorders = dict(
    s3=dict(type='ModuleOutputs', source='backbone.layer3'),
    s4=dict(type='ModuleOutputs', source='backbone.layer4'))
arfd_teacher_recorders = dict(
    s3=dict(type='ModuleOutputs', source='fusions.2'),
    s4=dict(type='ModuleOutputs', source='fusions.3'))
# The C x C reading with a learning teacher aligner: the teacher side gets gradients, and a
# guard keeps it close (pixel CKA) to the raw teacher map, which each loss therefore also
# receives.
arfd_learned_teacher = dict(
    loss_arfd_s3=dict(arfd_channel['loss_arfd_s3'], train_teacher_aligner=True,
                      guard_weight=1.0),
    loss_arfd_s4=dict(arfd_channel['loss_arfd_s4'], train_teacher_aligner=True,
                      guard_weight=1.0))
arfd_learned_teacher_mapping = dict(
    loss_arfd_s3=dict(arfd_channel_mapping['loss_arfd_s3'],
                      raw_T=dict(from_student=False, recorder='s3')),
    loss_arfd_s4=dict(arfd_channel_mapping['loss_arfd_s4'],
                      raw_T=dict(from_student=False, recorder='s4')))
# Distiller pieces of the DWLD-only and ARFD-only ablations (Table IV); a leaf adds the DWLD
# loss or the ARFD aligners of the LIX config it inherits.
dwld_only = dict(student_recorders=dict(logits=logits), teacher_recorders=dict(logits=logits),
                 loss_forward_mappings=dwld_mapping)
arfd_only = dict(student_recorders=arfd_student_recorders,
                 teacher_recorders=arfd_teacher_recorders, distill_losses=arfd,
                 loss_forward_mappings=arfd_mapping)
