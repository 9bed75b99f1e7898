import numpy as np


class TwoLayerNet(object):
    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)

    def loss(self, X, y=None, reg=0.0):
        scores = X.dot(self.params['W1']
        if y is None:
            return scores
