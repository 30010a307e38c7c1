from .label_grid import LABEL_RESIZE_MODES, check_label_resize, labels_to_grid

__all__ = ['LABEL_RESIZE_MODES', 'check_label_resize', 'labels_to_grid']
