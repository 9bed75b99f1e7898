/* backward.c
 * Two-layer net, backward pass as a sequence of vector-Jacobian products,
 * one sample at a time:
 *     v_z2 = v_prob . dprob/dz2
 *     v_p1 = v_z2 . dz2/dp1
 *     v_z1 = v_p1 . dp1/dz1
 * dp1/dz1 is the H x H Jacobian of the relu.  Parameters by outer products.
 */
#include <stdlib.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = v . J   (v has J->size1 entries, out J->size2) */
static void vjp(const double *v, const gsl_matrix *J, double *out)
{
    size_t a, b;
    for (b = 0; b < J->size2; b++) {
        out[b] = 0.0;
        for (a = 0; a < J->size1; a++)
            out[b] += v[a] * gsl_matrix_get(J, a, b);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, a, b;
    double *v_prob = malloc(C * sizeof(double));
    gsl_matrix *Jsm = gsl_matrix_alloc(C, C);
    gsl_matrix *Jlin = gsl_matrix_alloc(C, H);    /* dz2/dp1 = W2^T */
    gsl_matrix *Jrelu = gsl_matrix_alloc(H, H);

    gsl_matrix_transpose_memcpy(Jlin, net->W2);
    gsl_matrix_set_zero(g->dW2);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db2);
    gsl_vector_set_zero(g->db1);

    for (i = 0; i < N; i++) {
        for (a = 0; a < C; a++)
            v_prob[a] = (a == y[i]) ? -1.0 / (N * gsl_matrix_get(cache->prob, i, a)) : 0.0;
        for (a = 0; a < C; a++)
            for (b = 0; b < C; b++)
                gsl_matrix_set(Jsm, a, b, gsl_matrix_get(cache->prob, i, a)
                               * ((a == b) - gsl_matrix_get(cache->prob, i, b)));
        vjp(v_prob, Jsm, g->dz2->data + i * g->dz2->tda);
        vjp(g->dz2->data + i * g->dz2->tda, Jlin, g->dp1->data + i * g->dp1->tda);

        /* relu: dp1_a/dz1_b = 1 if z1_b > 0 */
        for (a = 0; a < H; a++)
            for (b = 0; b < H; b++)
                gsl_matrix_set(Jrelu, a, b, gsl_matrix_get(cache->z1, i, b) > 0 ? 1.0 : 0.0);
        vjp(g->dp1->data + i * g->dp1->tda, Jrelu, g->dz1->data + i * g->dz1->tda);

        for (a = 0; a < H; a++)
            for (b = 0; b < C; b++)
                *gsl_matrix_ptr(g->dW2, a, b) += gsl_matrix_get(cache->p1, i, a) * gsl_matrix_get(g->dz2, i, b);
        for (b = 0; b < C; b++)
            *gsl_vector_ptr(g->db2, b) += gsl_matrix_get(g->dz2, i, b);
        for (a = 0; a < D; a++)
            for (b = 0; b < H; b++)
                *gsl_matrix_ptr(g->dW1, a, b) += gsl_matrix_get(X, i, a) * gsl_matrix_get(g->dz1, i, b);
        for (b = 0; b < H; b++)
            *gsl_vector_ptr(g->db1, b) += gsl_matrix_get(g->dz1, i, b);
    }

    for (a = 0; a < H; a++)
        for (b = 0; b < C; b++)
            *gsl_matrix_ptr(g->dW2, a, b) += 2 * reg * gsl_matrix_get(net->W2, a, b);
    for (a = 0; a < D; a++)
        for (b = 0; b < H; b++)
            *gsl_matrix_ptr(g->dW1, a, b) += 2 * reg * gsl_matrix_get(net->W1, a, b);

    free(v_prob);
    gsl_matrix_free(Jsm);
    gsl_matrix_free(Jlin);
    gsl_matrix_free(Jrelu);
    g->present = BP_GRADS_ALL;
    return 0;
}
