/* Devoir 2 -- retropropagation (IFT3395)
   Gabriel Roy
   Compile avec : make ; verifie avec make check */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* somme de chaque colonne de A dans v */
static void somme_lignes(const gsl_matrix *A, gsl_vector *v) {
    size_t i;
    gsl_vector_set_zero(v);
    for (i = 0; i < A->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(A, i);
        gsl_vector_add(v, &r.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    size_t i, j;
    gsl_matrix *masque;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 = (probs - y) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* couche 2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);
    somme_lignes(g->dz2, g->db2);

    /* retour vers la couche cachee */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* masque de la ReLU : 1 si le neurone est actif, 0 sinon */
    masque = gsl_matrix_alloc(N, net->H);
    if (masque == NULL)
        return 1;
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(masque, i, j, gsl_matrix_get(g->dp1, i, j) > 0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, masque);
    gsl_matrix_free(masque);

    /* couche 1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    somme_lignes(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
