/*
 * backward.c -- Lab 5: backprop for the two-layer net
 * Omar B.
 *
 * Helper for the affine layer so I don't write the same loops twice:
 *   out = in W + b   =>   dW = in^T dout,  db = sum of the rows of dout
 */
#include "backprop.h"

static void affine_back(const gsl_matrix *dout, const gsl_matrix *in,
                        gsl_matrix *dW, gsl_vector *db)
{
    size_t n, a, b;

    gsl_matrix_set_zero(dW);
    gsl_vector_set_zero(db);
    for (n = 0; n < dout->size1; n++) {
        for (b = 0; b < dout->size2; b++) {
            double d = gsl_matrix_get(dout, n, b);
            for (a = 0; a < in->size2; a++)
                *gsl_matrix_ptr(dW, a, b) += gsl_matrix_get(in, n, a) * d;
            *gsl_vector_ptr(db, b) += d;
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t n, h, c;

    /* TODO (1): compute dscores */
    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dz2, n, c, gsl_matrix_get(cache->prob, n, c) / N);
    for (n = 0; n < N; n++)
        *gsl_matrix_ptr(g->dz2, n, y[n]) -= 1.0 / N;

    /* TODO (2): backprop into W2 and b2 (+ reg) */
    affine_back(g->dz2, cache->p1, g->dW2, g->db2);
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
            *gsl_matrix_ptr(g->dW2, h, c) += 2.0 * reg * gsl_matrix_get(net->W2, h, c);

    /* TODO (3): backprop into the hidden layer */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++) {
            double s = 0.0;
            for (c = 0; c < C; c++)
                s += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, n, h, s);
        }

    /* TODO (4): ReLU */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dz1, n, h,
                           gsl_matrix_get(cache->z1, n, h) > 0 ? gsl_matrix_get(g->dp1, n, h) : 0.0);

    /* TODO (5): backprop into W1 and b1 (+ reg) */
    affine_back(g->dp1, X, g->dW1, g->db1);
    for (n = 0; n < net->D; n++)
        for (h = 0; h < H; h++)
            *gsl_matrix_ptr(g->dW1, n, h) += 2.0 * reg * gsl_matrix_get(net->W1, n, h);

    g->present = BP_GRADS_ALL;
    return 0;
}
