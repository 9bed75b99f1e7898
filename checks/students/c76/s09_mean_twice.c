// Backward pass for TwoLayerNet, C version.
// Computational graph, one node at a time (lecture 6 style):
//   L = mean_i( -log prob[i][y_i] ) + reg*(|W1|^2+|W2|^2)
// dL/dprob -> softmax Jacobian -> dL/dscores -> W2 -> dL/dhidden
// -> relu Jacobian -> dL/dpre -> W1, b1

#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t nSamples = X->size1, nIn = net->D, nHid = net->H, nOut = net->C;
    double dProb[nOut], jac[nOut][nOut];

    for (size_t i = 0; i < nSamples; i++) {
        // d(-1/N log p_y)/dp_k
        for (size_t k = 0; k < nOut; k++) dProb[k] = 0.0;
        dProb[y[i]] = -1.0 / (nSamples * gsl_matrix_get(cache->prob, i, y[i]));

        for (size_t k = 0; k < nOut; k++) {
            double pk = gsl_matrix_get(cache->prob, i, k);
            for (size_t j = 0; j < nOut; j++)
                jac[k][j] = pk * ((k == j) - gsl_matrix_get(cache->prob, i, j));
        }
        for (size_t j = 0; j < nOut; j++) {
            double s = 0.0;
            for (size_t k = 0; k < nOut; k++) s += dProb[k] * jac[k][j];
            gsl_matrix_set(g->dz2, i, j, s / nSamples);   // average over the batch
        }
    }

    // dscores/dhidden: z2[i][j] = sum_h p1[i][h] W2[h][j] + b2[j]
    for (size_t i = 0; i < nSamples; i++)
        for (size_t h = 0; h < nHid; h++) {
            double s = 0.0;
            for (size_t j = 0; j < nOut; j++)
                s += gsl_matrix_get(g->dz2, i, j) * gsl_matrix_get(net->W2, h, j);
            gsl_matrix_set(g->dp1, i, h, s);
        }

    // relu: d p1/d z1 = diag(z1 > 0)
    for (size_t i = 0; i < nSamples; i++)
        for (size_t h = 0; h < nHid; h++) {
            double d = gsl_matrix_get(cache->z1, i, h) > 0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, h, d * gsl_matrix_get(g->dp1, i, h));
        }

    // weights and biases: sum over samples of outer products
    for (size_t h = 0; h < nHid; h++)
        for (size_t j = 0; j < nOut; j++) {
            double s = 2 * reg * gsl_matrix_get(net->W2, h, j);
            for (size_t i = 0; i < nSamples; i++)
                s += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, j);
            gsl_matrix_set(g->dW2, h, j, s);
        }
    for (size_t j = 0; j < nOut; j++) {
        double s = 0.0;
        for (size_t i = 0; i < nSamples; i++) s += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, s);
    }
    for (size_t d = 0; d < nIn; d++)
        for (size_t h = 0; h < nHid; h++) {
            double s = 2 * reg * gsl_matrix_get(net->W1, d, h);
            for (size_t i = 0; i < nSamples; i++)
                s += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
            gsl_matrix_set(g->dW1, d, h, s);
        }
    for (size_t h = 0; h < nHid; h++) {
        double s = 0.0;
        for (size_t i = 0; i < nSamples; i++) s += gsl_matrix_get(g->dz1, i, h);
        gsl_vector_set(g->db1, h, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
