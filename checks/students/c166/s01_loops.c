/* backward.c -- two layer net, backward pass (lab 3)
 * Everything with plain loops, gradients collected in my own struct and
 * copied into g at the very end. */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

struct grads_local {
    gsl_matrix *dscores, *dhidden, *dW1, *dW2;
    gsl_vector *db1, *db2;
};

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    struct grads_local gl;
    gsl_matrix *dz1;

    gl.dscores = gsl_matrix_calloc(N, C);
    gl.dhidden = gsl_matrix_calloc(N, H);
    gl.dW1 = gsl_matrix_calloc(D, H);
    gl.dW2 = gsl_matrix_calloc(H, C);
    gl.db1 = gsl_vector_calloc(H);
    gl.db2 = gsl_vector_calloc(C);
    dz1 = gsl_matrix_calloc(N, H);   /* no room for it in the struct */

    /* dscores = (probs - 1{y}) / N */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double p = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i])
                p -= 1.0;
            gsl_matrix_set(gl.dscores, i, j, p / N);
        }
    }

    /* dW2 = hidden^T dscores + 2 reg W2 */
    for (i = 0; i < H; i++) {
        for (j = 0; j < C; j++) {
            double s = 0.0;
            for (k = 0; k < N; k++)
                s += gsl_matrix_get(cache->p1, k, i) * gsl_matrix_get(gl.dscores, k, j);
            gsl_matrix_set(gl.dW2, i, j, s + 2.0 * reg * gsl_matrix_get(net->W2, i, j));
        }
    }

    /* db2 = sum of dscores over the samples */
    for (j = 0; j < C; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(gl.dscores, i, j);
        gsl_vector_set(gl.db2, j, s);
    }

    /* dhidden = dscores W2^T */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(gl.dscores, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(gl.dhidden, i, j, s);
        }
    }

    /* relu: gradient only where the unit was on */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(dz1, i, j, gsl_matrix_get(gl.dhidden, i, j));

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (i = 0; i < D; i++) {
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < N; k++)
                s += gsl_matrix_get(X, k, i) * gsl_matrix_get(dz1, k, j);
            gsl_matrix_set(gl.dW1, i, j, s + 2.0 * reg * gsl_matrix_get(net->W1, i, j));
        }
    }

    /* db1 */
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(dz1, i, j);
        gsl_vector_set(gl.db1, j, s);
    }

    /* copy everything into g */
    gsl_matrix_memcpy(g->dz2, gl.dscores);
    gsl_matrix_memcpy(g->dW2, gl.dW2);
    gsl_vector_memcpy(g->db2, gl.db2);
    gsl_matrix_memcpy(g->dp1, gl.dhidden);
    gsl_matrix_memcpy(g->dz1, dz1);
    gsl_matrix_memcpy(g->dW1, gl.dW1);
    gsl_vector_memcpy(g->db1, gl.db1);
    g->present = BP_GRADS_ALL;

    gsl_matrix_free(gl.dscores);
    gsl_matrix_free(gl.dhidden);
    gsl_matrix_free(gl.dW1);
    gsl_matrix_free(gl.dW2);
    gsl_vector_free(gl.db1);
    gsl_vector_free(gl.db2);
    gsl_matrix_free(dz1);
    return 0;
}
