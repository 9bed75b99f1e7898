/* backward.c -- two layer net, backprop by hand
 * err_out -> grad_w_out, grad_b_out -> err_hid -> delta_hid -> grad_w_hid
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double acc;

    /* err_out = softmax - target (the usual output error) */
    for (i = 0; i < N; i++) {
        double *err_out = g->dz2->data + i * g->dz2->tda;
        const double *pr = cache->prob->data + i * cache->prob->tda;
        for (k = 0; k < C; k++)
            err_out[k] = pr[k] - (k == y[i] ? 1.0 : 0.0);
    }

    /* grad_w_out */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            acc = 0.0;
            for (i = 0; i < N; i++)
                acc += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, acc + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* grad_b_out */
    for (k = 0; k < C; k++) {
        acc = 0.0;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, acc);
    }

    /* err_hid and delta_hid */
    for (i = 0; i < N; i++) {
        double *err_hid = g->dp1->data + i * g->dp1->tda;
        double *delta_hid = g->dz1->data + i * g->dz1->tda;
        const double *e = g->dz2->data + i * g->dz2->tda;
        const double *z = cache->z1->data + i * cache->z1->tda;
        for (j = 0; j < H; j++) {
            acc = 0.0;
            for (k = 0; k < C; k++)
                acc += e[k] * gsl_matrix_get(net->W2, j, k);
            err_hid[j] = acc;
            delta_hid[j] = z[j] > 0.0 ? acc : 0.0;
        }
    }

    /* grad_w_hid */
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            acc = 0.0;
            for (i = 0; i < N; i++)
                acc += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, acc + 2.0 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }

    for (j = 0; j < H; j++) {
        acc = 0.0;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
