#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// row-major: element (r,c) of A is A->data[r * A->tda + c]
int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t nb = X->size1, nd = X->size2, nh = net->H, nc = net->C;
    double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
    const double *W2 = net->W2->data;
    size_t i, j, k;

    if (nb != cache->N || nd != net->D || g->N != nb)
        return 1;

    // dz2
    for (i = 0; i < nb; i++) {
        for (k = 0; k < nc; k++)
            dz2[i * g->dz2->tda + k] = cache->prob->data[i * cache->prob->tda + k] / nb;
        dz2[i * g->dz2->tda + y[i]] -= 1.0 / nb;
    }

    // dW2 = p1.T dz2 + 2 reg W2,  db2 = column sums
    for (j = 0; j < nh; j++) {
        for (k = 0; k < nc; k++) {
            double s = 0;
            for (i = 0; i < nb; i++)
                s += cache->p1->data[i * cache->p1->tda + j] * dz2[i * g->dz2->tda + k];
            g->dW2->data[j * g->dW2->tda + k] = s + 2 * reg * W2[j * net->W2->tda + k];
        }
    }
    for (k = 0; k < nc; k++) {
        double s = 0;
        for (i = 0; i < nb; i++)
            s += dz2[i * g->dz2->tda + k];
        g->db2->data[k * g->db2->stride] = s;
    }

    // dp1 = dz2 W2.T   (W2.T is nc x nh)
    for (i = 0; i < nb; i++) {
        for (j = 0; j < nh; j++) {
            double s = 0;
            for (k = 0; k < nc; k++)
                s += dz2[i * g->dz2->tda + k] * W2[k * nh + j];
            dp1[i * g->dp1->tda + j] = s;
        }
    }

    // relu backward
    for (i = 0; i < nb; i++)
        for (j = 0; j < nh; j++)
            dz1[i * g->dz1->tda + j] = cache->z1->data[i * cache->z1->tda + j] > 0
                                       ? dp1[i * g->dp1->tda + j] : 0.0;

    // dW1 = X.T dz1 + 2 reg W1,  db1
    for (k = 0; k < nd; k++) {
        for (j = 0; j < nh; j++) {
            double s = 0;
            for (i = 0; i < nb; i++)
                s += X->data[i * X->tda + k] * dz1[i * g->dz1->tda + j];
            g->dW1->data[k * g->dW1->tda + j] = s + 2 * reg * net->W1->data[k * net->W1->tda + j];
        }
    }
    for (j = 0; j < nh; j++) {
        double s = 0;
        for (i = 0; i < nb; i++)
            s += dz1[i * g->dz1->tda + j];
        g->db1->data[j * g->db1->stride] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
