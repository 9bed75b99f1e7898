import numpy as np


class TwoLayerNet(object):
    # softmax loss summed over the batch, plus reg * (|W1|^2 + |W2|^2)

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1 = self.params['W1']
        b1 = self.params['b1']
        W2 = self.params['W2']
        b2 = self.params['b2']
        N, D = X.shape

        layer1 = np.maximum(0, np.dot(X, W1) + b1)
        scores = np.dot(layer1, W2) + b2
        if y is None:
            return scores

        exp_scores = np.exp(scores - np.max(scores, axis=1, keepdims=True))
        probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
        loss = np.sum(-np.log(probs[range(N), y]))
        loss += reg * np.sum(W1 * W1) + reg * np.sum(W2 * W2)

        dscores = probs
        dscores[range(N), y] -= 1
        dW2 = np.dot(layer1.T, dscores) + 2 * reg * W2
        db2 = np.sum(dscores, axis=0)
        dlayer1 = np.dot(dscores, W2.T)
        dW1 = np.dot(X.T, dlayer1) + 2 * reg * W1
        db1 = np.sum(dlayer1, axis=0)

        grads = {}
        grads['W1'] = dW1
        grads['b1'] = db1
        grads['W2'] = dW2
        grads['b2'] = db2
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
